"""Who issued a statement and where it was found: the publisher is the institution that issued it
(the White House, a ministry, INDOPACOM), never a person or a title; a news site or distributor
that republished it is the outlet (`found_at`) and makes the statement a repost."""

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from commitments.ingest import gazetteer
from commitments.ingest.text import normalize_characters
from commitments.rules import normalize_alias

# A news report of a statement rather than its text: it speaks of the statement in the third person.
NEWS_REWRITE = re.compile(
    r"\baccording to (?:a|the) (?:joint )?statement\b"
    r"|\bthe (?:joint )?statement (?:said|says|declared|highlighted|emphasi[sz]ed|stated|confirmed"
    r"|noted|read|added|underscored)\b"
    r"|\b(?:have|has|had) issued a joint statement\b|\bsaid in a (?:joint )?statement\b"
    r"|\b(?:in|according to) (?:a|the|their) joint statement\b",
    re.I,
)
PUBLISHED_BY = re.compile(r"^(?P<who>.+?)\s+published this content on\b", re.I)
# A press office's preamble: "The following is the joint statement released by the Secretary of
# State of the United States and ...": the offices it names say whose release it is.
RELEASED_BY = re.compile(
    r"^the following (?:is|was)\b.{0,60}?\breleased by (?P<who>.+?)[.:]?$", re.I
)
# Words that make a name an institution's, not a section, a byline or a person's.
INSTITUTION_WORD = re.compile(
    r"\b(?:ministry|department|office|house|government|embassy|command|agency|staff|council|"
    r"cabinet|secretariat|administration|mission|forces)\b|[部省庁院室]$",
    re.I,
)
DISTRIBUTED_BY = re.compile(
    r"\b(?i:distributed (?:via|by))\s+(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z(][\w.&()-]*){0,4})"
)
# Which ministry speaks for a government at each series, for one government's readout.
SERIES_MINISTRY = {
    "Trilateral Leaders' Summit": "foreign",
    "Foreign Ministers' Meeting": "foreign",
    "Vice Foreign Ministerial Dialogue": "foreign",
    "Indo-Pacific Dialogue": "foreign",
    "Trilateral Secretariat": "foreign",
    "Trilateral Ministerial Meeting": "defense",
    "Defense Trilateral Talks": "defense",
    "Defense Trilateral Talks Working Group": "defense",
    "Trilateral Chiefs of Defense": "joint staff",
    "Freedom Edge": "joint staff",
}
MINISTRIES = {
    ("Japan", "foreign"): "Ministry of Foreign Affairs of Japan",
    ("Japan", "defense"): "Ministry of Defense of Japan",
    ("Japan", "joint staff"): "Joint Staff of Japan",
    ("Republic of Korea", "foreign"): "Ministry of Foreign Affairs of the Republic of Korea",
    ("Republic of Korea", "defense"): "Ministry of National Defense of the Republic of Korea",
    ("Republic of Korea", "joint staff"): "Joint Chiefs of Staff of the Republic of Korea",
}
LANGUAGE_COUNTRY = {"ja": "Japan", "ko": "Republic of Korea"}
INSTITUTION_ALIASES = {
    normalize_alias(alias): institution
    for institution in gazetteer.INSTITUTIONS
    for alias in (institution.name, *institution.aliases)
}
AGENCIES = {normalize_alias(name) for name in gazetteer.NEWS_AGENCIES}


# What the admin's Source URL field accepts (commitments/ingest/given.py), so that a found address
# never differs from one an editor could type: `manage.py ingest` saves what it finds unedited.
SOURCE_URL_MAX_LENGTH = 1000
_URL = URLValidator(schemes=["http", "https"])


def acceptable_url(value):
    """Whether `value` is an http(s) address the admin's Source URL field accepts."""
    if len(value) > SOURCE_URL_MAX_LENGTH:
        return False
    try:
        _URL(value)
    except ValidationError:
        return False
    return True


def find_source_url(front_matter, cleaned):
    value = front_matter.get("source_url")
    if isinstance(value, str) and acceptable_url(value.strip()):
        return value.strip()
    for line in cleaned.dropped_lines:
        match = re.search(r"https?://[^\s<>\"')]+", line.text)
        if match and "means you" not in line.text and acceptable_url(match.group().rstrip(".,")):
            return match.group().rstrip(".,")
    return ""


def find_provenance(front_matter, cleaned, meta):
    """Set meta.source_url, meta.publisher, meta.found_at and meta.is_repost."""
    meta.source_url = find_source_url(front_matter, cleaned)
    publisher, outlet = _from_the_page(front_matter, cleaned, meta)
    host = (urlparse(meta.source_url).hostname or "").removeprefix("www.")
    if host:
        institution = gazetteer.institution_for_host(host)
        if institution:
            publisher = publisher or institution.name
        elif not host.endswith(gazetteer.OFFICIAL_HOST_SUFFIXES):
            outlet = outlet or host
    if cleaned.agency:
        outlet = outlet or cleaned.agency
    if not publisher and meta.kind == "readout":
        publisher = _readout_ministry(meta)
    meta.publisher = publisher
    meta.found_at = outlet
    rewrite = bool(NEWS_REWRITE.search(cleaned.body))
    meta.is_repost = meta.is_repost or bool(outlet) or rewrite
    if rewrite:
        meta.warn(
            "A news report that quotes the statement, not the statement's own text: the clauses "
            "are the report's sentences.",
            "is_repost",
        )
    if meta.is_repost and not outlet:
        meta.warn(
            "Republished, but the text does not say where: enter where it was found.", "found_at"
        )


def provenance_from_url(meta):
    """A source URL an editor gave: its host names the publisher or the outlet of a repost."""
    host = (urlparse(meta.source_url).hostname or "").removeprefix("www.")
    if not host:
        return
    institution = gazetteer.institution_for_host(host)
    if institution:
        meta.publisher = meta.publisher or institution.name
    elif not host.endswith(gazetteer.OFFICIAL_HOST_SUFFIXES):
        meta.found_at = meta.found_at or host
        meta.is_repost = True


def _from_the_page(front_matter, cleaned, meta):
    """(publisher, outlet) the page's own lines give."""
    publisher, outlet = "", ""
    value = front_matter.get("publisher")
    if isinstance(value, str) and value.strip():
        publisher = _institution_or_none(value.strip(), meta) or value.strip()
    site = front_matter.get("site_name") or front_matter.get("site")
    if isinstance(site, str) and site.strip():
        institution = INSTITUTION_ALIASES.get(normalize_alias(site))
        if institution:
            publisher = publisher or institution.name
        else:
            outlet = site.strip()
    for line in cleaned.dropped_lines:
        text = normalize_characters(line.text).strip()
        published = PUBLISHED_BY.match(text)
        if published and not publisher:
            publisher = _institution_or_none(published.group("who"), meta) or published.group("who")
        distributed = DISTRIBUTED_BY.search(text)
        if distributed and line.reason in ("distributor's notice", "dateline"):
            outlet = outlet or _outlet_name(distributed.group("who"), cleaned)
    for reason in ("publisher",):
        for line in cleaned.dropped_lines:
            if line.reason == reason and not publisher:
                publisher = _clean_line(line.text)
    for line in [*cleaned.preamble, *(line.text for line in cleaned.dropped_lines)]:
        named = _institution_line(line)
        if named and not publisher:
            publisher = named
    for line in cleaned.dropped_lines:
        section = gazetteer.PUBLISHERS_BY_SECTION.get(line.text.strip().casefold())
        if section and not publisher:
            publisher = section
    for line in cleaned.dropped_lines:
        credit = re.match(r"^(?P<site>.+?)\s*\|\s*official website", line.text, re.I)
        if credit:
            # A news site's credit line: "<who> | Official Website" names where it copied from.
            publisher = publisher or _institution_or_none(credit.group("site"), meta)
            meta.is_repost = True
    for line in cleaned.dropped_lines:
        source = re.match(r"^source\s*:\s*(?P<site>[^,]+)", line.text, re.I)
        if source and not source.group("site").strip().startswith("http"):
            name = source.group("site").strip()
            if normalize_alias(name) in AGENCIES:
                outlet = outlet or name
            elif not publisher:
                # A section or a byline ("Source: Policy news") is no institution.
                publisher = _institution_or_none(name, meta) or (
                    name if INSTITUTION_WORD.search(name) else ""
                )
    for text in cleaned.preamble:
        released = RELEASED_BY.match(_clean_line(text))
        if released and not publisher:
            publisher = _institution_or_none(released.group("who"), meta) or ""
    for line in cleaned.dropped_lines:
        byline = re.match(r"^writer['’]?s picture\s*(?P<who>.+)$", line.text, re.I)
        if byline:
            outlet = outlet or byline.group("who").strip()
    return publisher, outlet


def _institution_line(text):
    """A short line that is an institution's name, as a site's header gives it ("외교부",
    "防衛省・自衛隊")."""
    text = _clean_line(text)
    if len(text) > 60:
        return None
    for alias, institution in INSTITUTION_ALIASES.items():
        if alias and normalize_alias(text).startswith(alias) and len(alias) >= 2:
            rest = normalize_alias(text)[len(alias) :]
            if not rest or not rest[0].isalnum() or gazetteer.is_cjk_alias(alias):
                return institution.name
    return None


def _outlet_name(name, cleaned):
    """ "Public" in a distributor's header is the short name its footer spells out."""
    for line in cleaned.dropped_lines:
        longer = re.search(rf"\b({re.escape(name)}\s+[A-Z][\w]*(?:\s+\([A-Z]+\))?)", line.text)
        if longer:
            return longer.group(1)
    return name.strip()


def _institution_or_none(text, meta):
    """The institution `text` names, or whose office it names ("71st U.S. Secretary of State" is
    the State Department); None for anything else that names a person."""
    text = _clean_line(text)
    institution = INSTITUTION_ALIASES.get(normalize_alias(text))
    if institution:
        return institution.name
    for institution in gazetteer.INSTITUTIONS:
        if institution.offices and re.search(institution.offices, _office_part(text), re.I):
            meta.warn(
                f"Publisher “{institution.name}”: the page names “{text}”, who speaks for it.",
                "publisher",
            )
            return institution.name
    return None


def _office_part(text):
    """ "Antony J. Blinken 71st U.S. Secretary of State" -> "Secretary of State"."""
    match = re.search(
        r"(?:secretary|minister|president|prime minister|chairman|chief|spokesperson).*$",
        text,
        re.I,
    )
    return match.group() if match else ""


def _readout_ministry(meta):
    """One government's readout in its own language: that government's ministry for the series."""
    country = LANGUAGE_COUNTRY.get(meta.language)
    ministry = MINISTRIES.get((country, SERIES_MINISTRY.get(meta.series, "")))
    if ministry:
        meta.warn(
            f"Publisher “{ministry}” inferred: a readout in {country}'s language of a "
            f"{meta.series}; check it.",
            "publisher",
        )
        return ministry
    return ""


def _clean_line(text):
    text = re.sub(r"^[#*\s]+|[*\s]+$", "", text)
    return " ".join(normalize_characters(text).split())

"""Which meeting series a text belongs to: a series it names (in English, Korean or Japanese), the
titles of the people who met, the leaders speaking as "we", or a new series' name."""

import re

from commitments.ingest import gazetteer
from commitments.rules import normalize_alias

ORDINAL_WORDS = {
    "first": 1,
    "inaugural": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
ORDINAL = r"(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINAL_WORDS) + r"))"
CJK_ORDINAL = re.compile(r"(?:제\s*)?(?P<num>\d{1,3})\s*차\s*$|第\s*(?P<num2>\d{1,3})\s*回\s*$")
# Aliases several series share: the participants' titles say which one.
SHARED_ALIASES = {
    alias
    for alias in {a for s in gazetteer.SERIES for a in s.aliases}
    if sum(alias in s.aliases for s in gazetteer.SERIES) > 1
}


def _alias_patterns():
    patterns = []
    for series in gazetteer.SERIES:
        for alias in series.aliases:
            words = len(alias.split())
            # "TMM", "Tri-CHOD" and one-word names match as written; phrases in any case.
            flags = re.I if words > 1 and not gazetteer.is_cjk_alias(alias) else 0
            patterns.append((series, alias, re.compile(gazetteer.alias_pattern(alias), flags)))
    return patterns


ALIAS_PATTERNS = _alias_patterns()


def series_in(text):
    """(KnownSeries, alias, match) for the longest known series alias in `text`, or None."""
    best = None
    folded = text.casefold()
    for series, alias, pattern in ALIAS_PATTERNS:
        first = alias.split()[0]
        if pattern.flags & re.I:
            if first.casefold() not in folded:
                continue
        elif first not in text:
            continue
        for match in pattern.finditer(text):
            if alias == "summit" and not _is_trilateral_summit(text, match):
                continue
            if best is None or len(match.group()) > len(best[2].group()):
                best = (series, alias, match)
    return best


def _is_trilateral_summit(text, match):
    """A bare "summit" names the leaders' series only when the three countries qualify it."""
    before = text[max(0, match.start() - 40) : match.start()]
    return bool(re.search(r"(?:Korea|Japan|U\.?S\.?|ROK)\s*$|trilateral\s*$", before.strip(), re.I))


def ordinal_before(text, start):
    """The ordinal written before a series' name ("14th", "second", "제15차"), or None."""
    match = re.search(ORDINAL + r"\s+(?:trilateral\s+)?$", text[:start], re.I)
    if match:
        if match.group("num"):
            return int(match.group("num"))
        return ORDINAL_WORDS[match.group("word").casefold()]
    cjk = CJK_ORDINAL.search(re.sub(r"(?:한미일|한·미·일|日米韓|\s)+$", "", text[:start]))
    if cjk:
        return int(cjk.group("num") or cjk.group("num2"))
    return None


def set_series(meta, series):
    meta.series = series.name
    meta.series_level = series.level
    meta.series_aliases = list(series.aliases)
    meta.series_known = True
    meta.is_exercise = series.exercise


def find_series(texts, meta):
    """The known series the subject texts name; an alias shared by several series is settled by
    the participants' titles."""
    for text in texts:
        if not text:
            continue
        found = series_in(text)
        if not found:
            continue
        series, alias, match = found
        if alias in SHARED_ALIASES:
            by_titles = series_from_titles(meta.participants)
            if by_titles and alias in by_titles.aliases:
                series = by_titles
        set_series(meta, series)
        meta.ordinal = ordinal_before(text, match.start())
        return


def find_unknown_series(texts, meta):
    for text in texts:
        name, ordinal = _unknown_series_in(text or "")
        if name:
            meta.series = name
            meta.ordinal = ordinal
            meta.warn(
                f"Meeting series “{name}” is not a known series; it will be created.", "series"
            )
            return True
    return False


def _unknown_series_in(text):
    heads = "|".join(gazetteer.SERIES_HEAD_WORDS)
    pattern = re.compile(
        rf"(?:{ORDINAL}\s+)?(?P<name>(?:[A-Z][\w’'&-]*\s+(?:(?:of|on|for|and)\s+)?){{0,7}}(?:{heads}))\b"
    )
    for match in pattern.finditer(text):
        if re.search(r"\w[’']s\b", match.group("name")):
            continue  # "Secretary Blinken's Meeting with ..." names a meeting, not a series
        words = match.group("name").split()
        # Drop leading country compounds ("United States-Japan-Republic of Korea") and ordinals.
        while words and (
            "-" in words[0]
            or words[0].casefold() in ORDINAL_WORDS
            or words[0].casefold() in {"the", "of", "on", "korea", "joint", "statement"}
        ):
            words.pop(0)
        if len(words) >= 2:
            ordinal = None
            if match.group("num"):
                ordinal = int(match.group("num"))
            elif match.group("word"):
                ordinal = ORDINAL_WORDS[match.group("word").casefold()]
            return " ".join(words), ordinal
    return "", None


def series_fallback(group_role, subject_texts, meta):
    """No known series named: the leaders, the participants' titles, or a new series' name."""
    if meta.series:
        if not meta.series_level:
            meta.series_level = level_from_titles(group_role, meta.participants)
        return
    if group_role and group_role.casefold().startswith(("leaders", "heads of")):
        set_series(meta, next(s for s in gazetteer.SERIES if s.level == "leaders"))
        meta.warn("Meeting series inferred from the participants: the leaders.", "series")
        return
    by_titles = series_from_titles(meta.participants)
    if by_titles:
        set_series(meta, by_titles)
        meta.warn(
            f"Meeting series “{by_titles.name}” inferred from the participants' titles; check it.",
            "series",
        )
        return
    meta.series_level = level_from_titles(group_role, meta.participants)
    if not find_unknown_series(subject_texts, meta):
        meta.warn("No meeting series found; enter one.", "series")


def series_from_titles(participants):
    """The known series whose participants hold these titles (at least two of them match)."""
    titles = [p.title.casefold() for p in participants if p.title]
    for series in gazetteer.SERIES:
        if not series.titles:
            continue
        matching = sum(1 for title in titles if re.search(series.titles, title))
        if matching >= 2 and matching * 2 > len(titles):
            return series
    return None


def level_from_titles(group_role, participants):
    titles = " ".join([group_role or ""] + [p.title for p in participants]).casefold()
    if re.search(r"\bleaders\b|\bpresident\b|prime minister|heads of", titles):
        return "leaders"
    if re.search(r"\bvice\b|\bdeputy secretary\b|\bdeputy minister\b|\b1st\b|\bfirst vice", titles):
        return "vice_ministerial"
    if re.search(r"(?<!assistant )(?<!under )\bsecretary of\b|\bminister\b", titles):
        return "ministerial"
    return "working"


def is_leaders(group_role, meta):
    return bool(group_role and group_role.casefold().startswith(("leaders", "heads of"))) or (
        meta.series_level == "leaders"
    )


def known_series_named(name):
    """The known series `name` is the name or an alias of, or None."""
    folded = normalize_alias(name or "")
    for known in gazetteer.SERIES:
        if folded in {normalize_alias(a) for a in (known.name, *known.aliases)}:
            return known
    return None

"""Countries and bodies a text names, and which countries are parties to the statement.

Only the United States, Japan and the Republic of Korea are found as parties: the DPRK, China,
Russia and Taiwan are actors statements speak about, never parties (an editor may add another
party in the preview).
"""

import re

from commitments.ingest import gazetteer
from commitments.ingest.opening import MEETING_VERB, past_part, sentences_of


def _alias_table(actors):
    table = [
        (alias, actor.name, actor.kind, re.compile(gazetteer.alias_pattern(alias)))
        for actor in actors
        for alias in actor.aliases
    ]
    table.sort(key=lambda item: -len(item[0]))
    return table


ACTOR_ALIASES = _alias_table(gazetteer.KNOWN_ACTORS)
PARTY_ALIASES = [
    (alias, person.country, re.compile(gazetteer.alias_pattern(alias)))
    for person in gazetteer.PEOPLE
    for alias in person.names
] + [
    (alias, institution.country, re.compile(gazetteer.alias_pattern(alias)))
    for institution in gazetteer.INSTITUTIONS
    if institution.country
    for alias in institution.aliases
]
PARTY_ALIASES.sort(key=lambda item: -len(item[0]))


def _spans(text, table):
    """(start, *payload) of every alias in `table` found in `text`, longest alias first; a span
    already taken by a longer alias is not matched again. Linear in the text per alias present."""
    found = []
    taken = bytearray(len(text) + 1)
    for alias, *payload, pattern in table:
        if alias.split()[0] not in text:
            continue  # a plain substring test is far cheaper than the regex over a long text
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            found.append((match.start(), *payload))
    return sorted(found)


def mentioned_actors(text):
    """(name, kind) of every gazetteer country or body mentioned in `text`, first mention first."""
    seen = []
    for _, name, kind in _spans(text, ACTOR_ALIASES):
        if (name, kind) not in seen:
            seen.append((name, kind))
    return seen


def countries_in(text):
    """Gazetteer country names mentioned in `text`, in order of first mention."""
    return [name for name, kind in mentioned_actors(spell_out(text)) if kind == "country"]


def parties_named(text):
    """The parties `text` names in any way: countries, their leaders, ministers or ministries."""
    text = spell_out(text)
    found = [c for c in countries_in(text) if c in gazetteer.TRILATERAL_PARTIES]
    for _, country in _spans(text, PARTY_ALIASES):
        if country in gazetteer.TRILATERAL_PARTIES and country not in found:
            found.append(country)
    return found


def find_parties(subject_texts, participants, paragraphs, meta):
    """The countries party to the statement: the participants' countries, then the countries
    the title, the headings and the meeting sentence name, then the first paragraph's."""
    found = []
    for person in participants:
        if person.country in gazetteer.TRILATERAL_PARTIES and person.country not in found:
            found.append(person.country)
    for text in subject_texts:
        for country in countries_in(text or ""):
            if country in gazetteer.TRILATERAL_PARTIES and country not in found:
                found.append(country)
    if len(found) < 2 and paragraphs:
        # Who met, in the first paragraph; never the country its statement is about (the DPRK).
        meeting = [s for s in map(past_part, sentences_of(paragraphs[0])) if MEETING_VERB.search(s)]
        named = parties_named(" ".join(meeting))
        for country in named if len(named) >= 2 else parties_named(paragraphs[0]):
            if country not in found:
                found.append(country)
        if found:
            meta.warn(
                "Parties to the statement taken from the countries its first paragraph names; "
                "check them.",
                "parties",
            )
    return found


def complete_trilateral_parties(meta):
    """A known series is a trilateral format of the three countries: they are its parties."""
    if not meta.series_known:
        return
    missing = [c for c in gazetteer.TRILATERAL_PARTIES if c not in meta.parties]
    if missing and len(missing) < len(gazetteer.TRILATERAL_PARTIES):
        meta.parties.extend(missing)
        meta.warn(
            f"Parties completed from the meeting series: {', '.join(missing)} (not named in the "
            "text's opening).",
            "parties",
        )


# One-character country abbreviations run together in Japanese and Korean: "日米韓", "한미일",
# also with middle dots between them ("한∙미∙일").
CJK_ABBREVIATIONS = {
    "日": "日本",
    "米": "米国",
    "韓": "韓国",
    "한": "한국",
    "미": "미국",
    "일": "일본",
}
CJK_COMPOUND = re.compile(
    r"(?<![\d\uac00-\ud7a3])(?:[日米韓](?:[・·∙･]?[日米韓]){1,2}|[한미일](?:[・·∙･]?[한미일]){1,2})"
)


def spell_out(text):
    """ "Korea-U.S.-Japan" names three countries; so do "日米韓" and "한미일"."""
    text = re.sub(r"(?<=[A-Za-z.])-(?=[A-Z])", " - ", text)
    return CJK_COMPOUND.sub(_spell_out_compound, text)


def _spell_out_compound(match):
    letters = re.sub(r"[・·∙･]", "", match.group(0))
    if len(set(letters)) < len(letters):
        return match.group(0)  # a repeated letter: an ordinary word, not a list of countries
    return " " + " ".join(CJK_ABBREVIATIONS[letter] for letter in letters) + " "

"""Who met: the people (or offices) a statement names as meeting, each with a title and country,
and the one person each is when the gazetteer knows them ("President Biden" is Joseph R. Biden
Jr.; "尹錫悦" is Yoon Suk Yeol).

Two readings are combined: the grammar of an English opening ("<title> <name>, <title> <name>
and <title> <name> met in ..."), and the gazetteer's names of known people in any language,
looked for in the sentences that say who met or attended.
"""

import re
from dataclasses import dataclass, field

from commitments.ingest import gazetteer
from commitments.ingest.opening import MEETING_VERB, attendance_sentences, sentences_of
from commitments.ingest.text import is_cjk_text
from commitments.rules import normalize_alias


@dataclass
class Participant:
    name: str  # as the text writes it; empty when the text names the title only
    title: str
    country: str  # gazetteer country name, or ""
    known: str = ""  # the gazetteer's name for this person, when known
    aliases: tuple = field(default_factory=tuple)  # the gazetteer's other spellings

    @property
    def display_name(self):
        return self.known or self.name


LED_BY_OPENING = re.compile(
    r"^(?:Led|Headed|Chaired)\s+by\s+(?P<who>.+?),\s+the\s+(?:meeting|dialogue|talks)\b"
)
LEADER_MENTION = re.compile(
    r"\b(?P<title>President|Prime Minister)\s+(?P<name>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})"
)


def find_participants(sentence, intro, paragraphs, language):
    """(participants, group role) of the opening: people (or offices) named as meeting, and the
    role of a group subject ("the leaders of ...")."""
    if language in ("ko", "ja"):
        return [], _cjk_group_role(sentence)
    people, role = _participants_in(sentence)
    role = role or _we_the(paragraphs)
    if not people and not role.casefold().startswith(("leaders", "heads of")):
        people = _delegations(paragraphs)
    if not people and not role:
        for line in intro:
            people, role = _participants_in(line)
            if people or role:
                break
    people = [p for p in people if not is_cjk_text(p.name + p.title) and not _is_institution(p)]
    return people, role


INSTITUTION_HEAD = re.compile(r"^(?:the\s+)?(?:ministry|department|office|agency|bureau)\b", re.I)
PERSON_OFFICE = re.compile(
    r"\b(?:minister|secretary|president|chairman|chair|chief|director|deputy|ambassador|commander"
    r"|advis[eo]r|spokesperson|representative|envoy|general|admiral|official|head|counsel+or)",
    re.I,
)


def _is_institution(participant):
    """ "the U.S. Department of Defense, Japanese Ministry of Defense ... conducted", "the Japan
    Self-Defense Forces": ministries and forces, not people."""
    if INSTITUTION_HEAD.match(participant.title):
        return not participant.name or not re.search(r"[a-z]", participant.name)
    return not participant.name and not PERSON_OFFICE.search(participant.title)


WE_THE = re.compile(
    r"^we,?\s+the\s+(?P<role>leaders|heads of (?:state|government)|foreign ministers|defense ministers"
    r"|ministers)\b",
    re.I,
)


def _we_the(paragraphs):
    """ "We, the leaders of ..., affirm ...": the group speaking, whatever its verb."""
    match = WE_THE.match(paragraphs[0]) if paragraphs else None
    return match.group("role") if match else ""


def _cjk_group_role(sentence):
    return "leaders" if re.search(r"정상들|首脳", sentence or "") else ""


def add_known_people(participants, paragraphs, intro, meeting_date):
    """Known people named in the sentences saying who met or attended, in any language, that
    the grammar did not find; every participant resolved to the person the gazetteer knows."""
    for participant in participants:
        resolve(participant, meeting_date)
    found = {p.known for p in participants if p.known}
    for sentence in attendance_sentences(paragraphs, intro):
        for person, written in known_people_in(sentence):
            if person.name in found:
                continue
            found.add(person.name)
            name = written if not is_cjk_text(written) else person.name
            participants.append(
                Participant(name, person.office, person.country, person.name, person.aliases)
            )
    return participants


# Japanese texts name a Japanese minister by surname and title ("木原防衛大臣", "岩屋外務大臣").
JA_TITLE = (
    r"(?:内閣)?(?:総理大臣|総理|首相|外務大臣|防衛大臣|大臣|外務事務次官|事務次官|統合幕僚長)"
)
JA_TITLED = [
    (re.compile(re.escape(surname) + JA_TITLE), person)
    for person in gazetteer.PEOPLE
    for surname in person.local_surnames
]


def known_people_in(text):
    """(KnownPerson, alias as written) for every known person named in `text`, in order."""
    found = []
    taken = bytearray(len(text) + 1)
    for alias, person, pattern in PERSON_ALIASES:
        if alias.split()[0] not in text:
            continue
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            found.append((match.start(), person, alias))
    for pattern, person in JA_TITLED:
        for match in pattern.finditer(text):
            if not any(taken[match.start() : match.end()]):
                found.append((match.start(), person, person.name))
    return [(person, alias) for _, person, alias in sorted(found, key=lambda item: item[0])]


PERSON_ALIASES = sorted(
    (
        (alias, person, re.compile(gazetteer.alias_pattern(alias)))
        for person in gazetteer.PEOPLE
        for alias in person.names
    ),
    key=lambda item: -len(item[0]),
)
BY_NORMALIZED = {
    normalize_alias(alias): person for alias, person in gazetteer.people_by_alias().items()
}
# A rank or office word that, before a surname, can stand for a person's office.
OFFICE_WORDS = re.compile(
    r"\b(?:president|prime minister|minister|secretary|chairman|chief|director|gen\.?|general"
    r"|adm\.?|admiral)\b",
    re.I,
)


def resolve(participant, meeting_date):
    """Set who the participant is when the gazetteer knows them: by any spelling of their name,
    or by their surname and an office they held on the meeting's date."""
    if participant.known or not participant.name:
        return
    person = BY_NORMALIZED.get(normalize_alias(participant.name))
    if person is None and len(participant.name.split()) == 1:
        person = by_surname(participant.name, participant.title, meeting_date)
    if person is None:
        return
    participant.known = person.name
    participant.aliases = person.aliases
    if len(participant.name.split()) == 1:
        participant.name = person.name  # "Secretary Blinken": the surname alone says too little
    participant.title = participant.title or person.office


def by_surname(surname, title, meeting_date):
    """The known person with this surname whose office the title names (and who held it on the
    meeting's date, where several did); None when that is not one person."""
    surname = re.sub(r"[’']s$", "", surname)
    candidates = [
        person
        for person in gazetteer.PEOPLE
        if person.surname == surname and _title_fits(title, person.office)
    ]
    if len(candidates) > 1 and meeting_date:
        candidates = [person for person in candidates if person.served_on(meeting_date)]
    return candidates[0] if len(candidates) == 1 else None


def _title_fits(title, office):
    words = {word.casefold().rstrip(".") for word in OFFICE_WORDS.findall(title or "")}
    if not words:
        return False
    office = office.casefold()
    if "prime minister" in words:
        return office == "prime minister"
    if "president" in words:
        return office == "president"
    return any(word in office or word in {"gen", "general", "adm", "admiral"} for word in words)


def fill_known_countries(participants, meta):
    """A known person whose country the text leaves unsaid serves the gazetteer's country."""
    by_name = gazetteer.people_by_alias()
    for participant in participants:
        person = by_name.get(participant.known)
        if participant.country or person is None:
            continue
        participant.country = person.country
        meta.warn(
            f"{participant.name}: country not stated; known as {person.office} of {person.country}.",
            "participants",
        )


def leaders_named(body, participants, meeting_date):
    """In a leaders' statement, the heads of state or government it names by title and surname."""
    known = {p.known or p.name for p in participants}
    for match in LEADER_MENTION.finditer(body):
        name = match.group("name")
        person = BY_NORMALIZED.get(normalize_alias(name)) or by_surname(
            name.split()[0], match.group("title"), meeting_date
        )
        if person is None or person.office != match.group("title") or person.name in known:
            continue
        participants.append(
            Participant(person.name, person.office, person.country, person.name, person.aliases)
        )
        known.add(person.name)


GROUP_SUBJECT = re.compile(
    r"^(?:we,?\s+)?the\s+(?P<role>leaders|heads of (?:state|government)|foreign ministers|defense ministers"
    r"|ministers|vice (?:foreign )?ministers|officials|representatives|governments)\s+of\s+(?P<countries>.+)$",
    re.I,
)


DELEGATION = re.compile(
    r"(?:the\s+)?(?P<country>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s+delegation\s+"
    r"(?:was\s+|is\s+)?(?:led|headed)?\s*by\s+(?P<who>.+?)(?=,\s+(?:and\s+)?the\b|;|(?<!\s[A-Z])\.(?:\s|$)|$)"
)


# "<title> <name>, <title> <name>, and <title> <name> led their respective delegations."
LED_DELEGATIONS = re.compile(
    r"(?:^|(?<=[.;]\s))(?P<who>[A-Z](?:[^.;]|(?<=\b[A-Z])\.)*?)\s+(?:led|headed)\s+"
    r"(?:their|the(?:ir)?\s+three|the)\s+(?:respective\s+|three\s+)?delegations\b"
    r"|\bdelegations\s+(?:were|was)\s+(?:led|headed)\s+by\s+(?P<by>.+?)(?=(?<![\s.][A-Z])\.(?:\s|$)|;|$)"
)


# "The inaugural meeting was led by <name>, <title>, <name>, <title> and <name>, <title>."
LED_BY_PASSIVE = re.compile(
    r"\b(?:meeting|talks|dialogue|session)\s+(?:was|were)\s+(?:led|chaired|attended)\s+by\s+"
    r"(?P<who>.+?)(?=(?<![\s.][A-Z])\.(?:\s|$)|;|$)"
)
# A news agency's "<Name>, <lower-case title>" ("Robert Koepcke, U.S. deputy assistant secretary").
NEWS_STYLE_PERSON = re.compile(
    r"(?:^|,\s+(?:and\s+)?|\s+and\s+)(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+|-[a-z]+){1,3}),\s+"
    r"(?P<title>(?:(?:U\.S\.|US|South Korean|Korean|Japanese|Japan's)\s+)?[a-z][^,]*?)"
    r"(?=,\s+(?:and\s+)?[A-Z]|\s+and\s+[A-Z]|$)"
)
NEWS_STYLE_COUNTRY = [
    (re.compile(r"\bU\.?S\.?\b|\bAmerican\b"), "United States"),
    (re.compile(r"\bJapan(?:ese|'s)?\b"), "Japan"),
    (re.compile(r"\b(?:South )?Korea(?:n)?\b|\bSeoul's\b"), "Republic of Korea"),
]


def _news_style_people(text):
    people = []
    for match in NEWS_STYLE_PERSON.finditer(text.strip()):
        title = match.group("title").strip()
        country = next((c for pattern, c in NEWS_STYLE_COUNTRY if pattern.search(title)), "")
        title = re.sub(r"^(?:U\.S\.|US|South Korean|Korean|Japanese|Japan's)\s+", "", title)
        title = re.split(
            r"\s+(?:at|of)\s+(?:the\s+)?(?:South Korean|Japanese|Japan's|U\.S\.)", title
        )[0]
        people.append(Participant(match.group("name"), title[:1].upper() + title[1:], country))
    return people if len(people) >= 2 else []


def _delegations(paragraphs):
    """ "The U.S. delegation was led by <title> <name>, the ROK delegation by ...", or "<title>
    <name>, ... and <title> <name> led their respective delegations": participants."""
    people = []
    for paragraph in paragraphs[:2]:
        for sentence in sentences_of(paragraph):
            led = LED_BY_OPENING.match(sentence)
            if led:
                people.extend(_people(_split_people(led.group("who"))))
        if people:
            return people
        for match in LED_BY_PASSIVE.finditer(paragraph):
            people.extend(
                _news_style_people(match.group("who")) or _people(_split_people(match.group("who")))
            )
        if people:
            return people
        for match in LED_DELEGATIONS.finditer(paragraph):
            people.extend(_people(_split_people(match.group("who") or match.group("by"))))
        if people:
            return people
        for match in DELEGATION.finditer(paragraph):
            person = _person(match.group("who"))
            country = _country_at_start(match.group("country"))
            if person:
                if country and not person.country:
                    person.country = country[0]
                people.append(person)
    return people


def _participants_in(sentence):
    if not sentence:
        return [], ""
    led = LED_BY_OPENING.match(sentence)
    if led:
        return _people(_split_people(led.group("who"))), ""
    verb = MEETING_VERB.search(sentence) or re.search(r"\breleased by\b", sentence)
    if not verb:
        return [], ""
    subject = sentence[: verb.start()].strip().rstrip(",").strip()
    released = re.search(r"\breleased by\s+(?P<who>.+?)(?:\s+on the occasion\b|[.]$|$)", sentence)
    if released:
        subject = released.group("who")
    subject = re.sub(r"^(?:we|together),?\s+", "", subject, flags=re.I)
    group = GROUP_SUBJECT.match(subject)
    if group and group.group("role").casefold() in {
        "leaders",
        "heads of state",
        "heads of government",
        "governments",
    }:
        return [], group.group("role")
    parts = _split_people(subject)
    with_whom = re.search(
        r"^.*?\bwith\s+(?P<who>.+?)(?=,?\s+(?:in|at)\s+(?:the\s+)?[A-Z]"
        r"|,?\s+on\s+(?:[A-Z][a-z]+\.?\s+)?\d|,?\s+(?:virtually|via|to|where|during)\b|[,.;]?$)",
        sentence[verb.end() :],
    )
    if with_whom:
        parts += _split_people(with_whom.group("who"))
    return _people(parts), (group.group("role") if group else "")


def _split_people(text):
    # "Gen. CQ Brown, Jr." and "Lloyd J. Austin III" keep their suffixes.
    text = re.sub(r",\s*(Jr\.|Sr\.|II|III|IV)(?=[\s,]|$)", r" \1", text)
    # "for East Asian and Pacific Affairs": an "and" between two title words is inside a title.
    text = re.sub(
        r"(?<=\w)\s+and\s+(?=[A-Z])",
        lambda m: " \x00 " if _joins_title_words(text, m) else m.group(),
        text,
    )
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z0-9])", text)
    return [part.replace(" \x00 ", " and ") for part in parts]


def _joins_title_words(text, match):
    before = text[: match.start()].split()
    after = text[match.end() :].split()
    return bool(before and after) and all(
        word.strip(",.").casefold() in gazetteer.TITLE_WORDS for word in (before[-1], after[0])
    )


HONORIFIC = re.compile(
    r"^(?:(?:the\s+)?honou?rable|h\.\s?e\.|(?:his|her)\s+excellency|mr\.|ms\.|mrs\.|dr\.)\s+", re.I
)


def _people(parts):
    """Participants from the comma-separated pieces of a subject or object.

    "Name, Title of Country" (appositive) and a title split by a comma ("Chief of Staff, Joint
    Staff Gen. Yoshida") are joined back together first.
    """
    people = []
    index = 0
    while index < len(parts):
        part = HONORIFIC.sub("", HONORIFIC.sub("", parts[index].strip()))
        following = parts[index + 1].strip() if index + 1 < len(parts) else ""
        person = _person(part)
        if person is None and _is_bare_name(part) and following:
            titled = _person(following)
            if titled and not titled.name:
                titled.name = " ".join(part.split())
                people.append(titled)
                index += 2
                continue
        if person and not person.name and following:
            joined = _person(part + ", " + following)
            if joined and joined.name and not _country_at_start(following):
                people.append(joined)
                index += 2
                continue
        if person:
            people.append(person)
        index += 1
    return people


def _is_bare_name(text):
    tokens = text.split()
    return (
        1 <= len(tokens) <= 4
        and all(
            token[:1].isupper() and token.strip(",.").casefold() not in gazetteer.TITLE_WORDS
            for token in tokens
        )
        and not _country_at_start(text)
    )


def countries_from_titles(participants, meta):
    """Titles only one of the governments uses ("Secretary of State") say whose official it is."""
    for participant in participants:
        if participant.country:
            continue
        for pattern, country in gazetteer.NATIONAL_TITLES:
            if re.search(pattern, participant.title, re.I):
                participant.country = country
                meta.warn(
                    f"{participant.name or participant.title}: country not stated; "
                    f"“{participant.title}” is a title of {country}.",
                    "participants",
                )
                break


def assign_remaining_party(participants, parties, meta):
    """One participant without a country, the others covering all parties but one: that one."""
    unknown = [p for p in participants if not p.country]
    known = {p.country for p in participants if p.country}
    remaining = [country for country in parties if country not in known]
    if len(unknown) == 1 and len(remaining) == 1 and len(participants) >= 2:
        unknown[0].country = remaining[0]
        meta.warn(
            f"{unknown[0].name or unknown[0].title}: country not stated; taken to be the remaining "
            f"party, {remaining[0]}.",
            "participants",
        )


def _is_title_word(token):
    """ "Minister", "Director-General", "Minister/Director-General"."""
    folded = token.strip(",.").casefold()
    if folded in gazetteer.TITLE_WORDS:
        return True
    parts = [part for piece in folded.split("/") for part in piece.split("-")]
    return len(parts) > 1 and all(part in gazetteer.TITLE_WORDS for part in parts)


RANKS = {"gen.", "adm.", "lt.", "col.", "maj.", "capt.", "gen", "adm", "general", "admiral", "lt"}


def _person(part):
    text = re.sub(r"^(?:and\s+)?(?:the\s+)?", "", part.strip(), flags=re.I).strip()
    if not text or not re.search(r"[A-Z]", text):
        return None
    country = ""
    prefix = _country_at_start(text)
    if prefix:
        country, length = prefix
        text = text[length:].strip()
        text = re.sub(r"^\([A-Z.]+\)\s*", "", text)
    of_country = _of_country(text)
    if of_country:
        name, start, end = of_country
        country = country or name
        text = (text[:start] + " " + text[end:]).strip()
        text = " ".join(text.split())
    tokens = text.split()
    if not tokens:
        return None
    name_tokens = []
    for token in reversed(tokens):
        bare = token.strip(",.")
        is_initial = re.fullmatch(r"[A-Z]\.", token) is not None
        # A rank goes before a name: last in the line, "Gen" is a given name ("Nakatani Gen").
        is_rank = token.casefold() in RANKS and bool(name_tokens)
        is_title = _is_title_word(bare) or is_rank
        if (bare[:1].isupper() or is_initial) and not is_title:
            name_tokens.insert(0, token)
        else:
            break
    title_tokens = tokens[: len(tokens) - len(name_tokens)]
    while title_tokens and title_tokens[-1].casefold() in RANKS:
        title_tokens.pop()  # "... Chiefs of Staff Gen. CQ Brown": the rank is no part of the office
    if not title_tokens or not any(_is_title_word(t) for t in title_tokens):
        return None  # not "<title> <name>": a country or a phrase
    if title_tokens[-1].casefold() in {"of", "for", "and", "the"}:
        return None
    if any(t[:1].islower() and t not in {"of", "for", "and", "the", "on"} for t in title_tokens):
        return None  # "the 13th Defense Trilateral Talks were": a phrase, not an office
    title = " ".join(title_tokens).strip(" ,")
    return Participant(name=" ".join(name_tokens), title=title, country=country)


def _country_patterns():
    patterns = []
    for actor in gazetteer.COUNTRIES:
        for alias in actor.aliases:
            patterns.append((alias, actor.name))
    patterns.sort(key=lambda item: -len(item[0]))
    return patterns


COUNTRY_ALIASES = _country_patterns()


def _country_at_start(text):
    for alias, name in COUNTRY_ALIASES:
        match = re.match(gazetteer.alias_pattern(alias), text)
        if match and (len(alias) > 3 or alias.isupper() or "." in alias):
            return name, match.end()
    return None


def _of_country(text):
    for alias, name in COUNTRY_ALIASES:
        match = re.search(r"\bof\s+(?:the\s+)?" + gazetteer.alias_pattern(alias), text)
        if match:
            return name, match.start(), match.end()
    return None

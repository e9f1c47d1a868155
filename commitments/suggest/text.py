"""The text side of suggestion: pure functions on strings, no ORM.

Terms are case-folded, stemmed-lite words without stop words; acronyms ("MSP", "Tri-CHOD",
"UNSCRs") become one term each ("msp", "trichod", "unscr"). A clause "carries a commitment" when
it promises, reports or restates something (commit, pledge, reaffirm, welcome, will, continue to,
... and the telegraphic forms of readouts); condemnations and expressions of concern alone do not:
they record a position on someone else's conduct, not something the parties undertake.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from commitments.models import Stage

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_PARTS = re.compile(r"['-]")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")

_STOP_WORDS = """a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why with would you your yours yourself yourselves us well as including
    within across upon among toward towards via per since whose will shall"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def clean(text):
    """Unicode-normalised text with typographic quotes and dashes made plain (same length)."""
    text = unicodedata.normalize("NFC", text)
    return text.translate(_QUOTES)


@lru_cache(maxsize=100_000)
def is_acronym(token):
    """An all-capitals token of two or more letters, maybe hyphenated or plural: MSP, Tri-CHOD, UNSCRs."""
    letters = token.replace("-", "")
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    capitals = sum(ch.isupper() for ch in letters)
    return capitals >= 2 and capitals >= len(letters) - 3 and letters.isalnum()


def acronym_term(token):
    """The term of an acronym token: lower case, no hyphens, no plural s (UNSCRs -> unscr)."""
    letters = token.replace("-", "")
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    return letters.lower()


_INFLECTIONS = ["ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly"]
_DERIVATIONS = [
    "izations",
    "ization",
    "isation",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ship",
    "ities",
    "ity",
    "ative",
    "ive",
    "izing",
    "ising",
    "ize",
    "ise",
    "ism",
    "ist",
    "able",
    "ible",
    "ally",
    "ial",
    "al",
    "ion",
    "ance",
    "ence",
    "ate",
    "at",
    "ful",
]


def _strip_inflection(word):
    for suffix in _INFLECTIONS:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if suffix == "s" and (stem.endswith(("s", "u", "i")) or len(stem) < 3):
            return word
        if suffix == "es" and not stem.endswith(("ch", "sh", "ss", "x", "z")):
            continue
        if suffix in ("ies", "ied"):
            stem += "y"
        if len(stem) < 3 or not any(ch in "aeiouy" for ch in stem):
            return word
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" and suffix != "s":
            stem = stem[:-1]  # committed -> commit
        return stem
    return word


# Irregular past tenses of the verbs statements report meetings with.
_IRREGULAR = {"held": "hold", "met": "meet"}


@lru_cache(maxsize=200_000)
def stem(word):
    """A light, consistent stemmer: committed/commitment/commits -> commit; cooperation -> cooper."""
    word = _IRREGULAR.get(word.lower(), word.lower())
    if len(word) <= 3 or not word.isalpha():
        return word
    inflected = word
    word = _strip_inflection(word)
    if word.endswith(("iz", "is")) and inflected.endswith(("izing", "ized", "ising", "ised")):
        word += "e"  # denuclearizing -> denuclearize, as denuclearization
    for _ in range(3):
        for suffix in _DERIVATIONS:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    if word.endswith("y") and len(word) > 4:
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@dataclass
class Token:
    start: int
    end: int
    raw: str
    term: str  # "" for a stop word or a bare number


def tokenize(text):
    """Tokens with offsets into `text` and their terms; hyphenated words split unless an acronym;
    a country's or body's other names made one term ("North Korea" and "DPRK" are both "dprk");
    Japanese and Korean words read through the glossary (glossary.py) as the English ones."""
    tokens = _one_name_per_actor(_tokens(text))
    if _CJK.search(text):
        tokens = sorted([*tokens, *_cjk_tokens(clean(text))], key=lambda t: (t.start, t.end))
    return tokens


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=1)
def _cjk_table():
    """[(Japanese or Korean words, their terms)], longest first: the glossary, and the names of
    countries and bodies in those languages."""
    from commitments.ingest.gazetteer import KNOWN_ACTORS
    from commitments.suggest.glossary import GLOSSARY

    table = {
        words: [t.term for t in tokenize(english) if t.term] for words, english in GLOSSARY.items()
    }
    for actor in KNOWN_ACTORS:
        english = [t.term for t in tokenize(actor.name) if t.term]
        for alias in actor.aliases:
            if _CJK.search(alias) and alias not in table:
                table[alias] = english
    return sorted(((w, terms) for w, terms in table.items() if terms), key=lambda e: -len(e[0]))


def _cjk_tokens(text):
    tokens = []
    taken = bytearray(len(text) + 1)
    for words, terms_ in _cjk_table():
        start = text.find(words)
        while start >= 0:
            end = start + len(words)
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                tokens.extend(Token(start, end, words, term) for term in terms_)
            start = text.find(words, end)
    return tokens


def _tokens(text):
    text = clean(text)
    tokens = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if raw.lower().endswith("'s"):
            raw = raw[:-2]
        if is_acronym(raw):
            tokens.append(Token(match.start(), match.start() + len(raw), raw, acronym_term(raw)))
            continue
        offset = match.start()
        for part in _PARTS.split(raw):
            if part:
                lower = part.lower()
                skip = lower in STOP_WORDS or lower.isdigit() or len(lower) < 2
                term = "" if skip else stem(lower)
                tokens.append(Token(offset, offset + len(part), part, term))
            offset += len(part) + 1
    return tokens


# Adjectives and demonyms that name a country the way its names do ("North Korean actors").
_DEMONYMS = {
    "North Korean": "Democratic People's Republic of Korea",
    "South Korean": "Republic of Korea",
    "Russian": "Russia",
    "Chinese": "China",
    "Ukrainian": "Ukraine",
}


@lru_cache(maxsize=1)
def _actor_names():
    """{words of a name, lower case: the one term of its actor}, for the countries and bodies the
    ingestion gazetteer knows by several names (loaded on first use: the gazetteer's package
    imports this one)."""
    from commitments.ingest.gazetteer import KNOWN_ACTORS

    table = {}
    for actor in KNOWN_ACTORS:
        short = actor.short_name or actor.name
        if is_acronym(short.replace(".", "")):
            term = acronym_term(short.replace(".", ""))
        elif is_acronym(actor.name):
            term = acronym_term(actor.name)
        else:
            words = [t.term for t in _tokens(actor.name) if t.term]
            if len(words) != 1:
                continue  # a name of several words is matched word by word as it stands
            term = words[0]
        names = [*actor.aliases, actor.name]
        names += [demonym for demonym, name in _DEMONYMS.items() if name == actor.name]
        for name in names:
            key = tuple(t.raw.lower() for t in _tokens(name))
            if key and term and not (len(key) == 1 and key[0] in STOP_WORDS):
                table[key] = term
    return table


@lru_cache(maxsize=1)
def actor_terms():
    """The terms that stand for a country or a body (see tokenize)."""
    return frozenset(_actor_names().values())


def _one_name_per_actor(tokens):
    table = _actor_names()
    longest = max(map(len, table), default=0)
    merged, i = [], 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(t.raw.lower() for t in tokens[i : i + size])
            term = table.get(key)
            if term:
                first, last = tokens[i], tokens[i + size - 1]
                raw = " ".join(t.raw for t in tokens[i : i + size])
                merged.append(Token(first.start, last.end, raw, term))
                i += size
                break
        else:
            merged.append(tokens[i])
            i += 1
    return merged


def terms(text):
    """The content terms of a text, in order, with repeats."""
    return [token.term for token in tokenize(text) if token.term]


@lru_cache(maxsize=100_000)
def name_terms(name):
    """The distinct terms of a (short) name, in order: cached, names are scored again and again."""
    return tuple(dict.fromkeys(terms(name)))


def normalize(text):
    """Case-, punctuation- and stop-word-blind form of a text: its terms joined by spaces."""
    return " ".join(terms(text))


# Acronyms ------------------------------------------------------------------------------------

_DEFINITION = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,12})\)")


def initials_match(acronym, words):
    """Can `acronym` be spelt by prefixes of `words` in order (stop words may be skipped)?"""
    acronym = acronym.lower()

    def walk(i, j):
        if i == len(acronym):
            return j == len(words)
        if j == len(words):
            return False
        word = words[j].lower().replace("-", "")
        if word in STOP_WORDS and walk(i, j + 1):
            return True
        for k in range(1, min(len(word), len(acronym) - i) + 1):
            if word[:k] != acronym[i : i + k]:
                break
            if walk(i + k, j + 1):
                return True
        return False

    return walk(0, 0)


def acronym_definitions(text, as_written=False):
    """{acronym term: expansion} from "Long Name (LN)" definitions in a text; `as_written`: the
    expansion's words as the text spells them (an inner possessive's 's kept: "People's")."""
    text = clean(text)
    found = {}
    for match in _DEFINITION.finditer(text):
        acronym = match.group(1)
        if not is_acronym(acronym):
            continue
        written = _TOKEN.findall(text[: match.start()])[-10:]
        words = [w[:-2] if w.lower().endswith("'s") else w for w in written]
        letters = acronym_term(acronym)
        for size in range(1, len(words) + 1):
            candidate = words[-size:]
            if candidate[0].lower() in STOP_WORDS:
                continue
            if initials_match(letters, candidate):
                spelt = [*written[-size:-1], candidate[-1]] if as_written else candidate
                found[letters] = " ".join(spelt)
                break
    return found


@lru_cache(maxsize=100_000)
def acronym_of(name):
    """The acronym a multi-word name spells by its capitalised words (Minerals Security Partnership -> msp)."""
    words = [w for w in _TOKEN.findall(clean(name)) if w.lower() not in STOP_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


# Commitment cues and stages ------------------------------------------------------------------

_CARRIES = re.compile(
    r"""\b(
        commit(s|ted|ting|ment|ments)? | pledg(e|es|ed|ing) | reaffirm\w* | reiterat\w* | affirm\w* |
        decid(e|es|ed|ing) | agree(s|d)? | announc\w* | welcom\w* | applaud\w* | hail(s|ed)? |
        commend\w* | laud(s|ed)? | look(s|ed|ing)?\s+forward | will | shall | continu(e|es|ed|ing) |
        remain(s|ed)?\s+(committed|determined|steadfast|resolute|united) | instruct\w* |
        highlight\w* | renew\w* | support(s|ed|ing)? | recogni[sz](e|es|ed|ing) |
        acknowledg\w* | concur\w* | promot(e|es|ed|ing) | strengthen\w* | expand\w* | enhanc\w* |
        deepen\w* | advanc(e|es|ed|ing) | launch(ed|ing)? | establish\w* | sign(ed|ing)? |
        finaliz\w* | finalis\w* | develop(s|ed|ing)? | institutionali[sz]\w* | proud |
        stand(s|ing)?\s+(united|with) | oppos(e|es|ed|ing) | call(s|ed|ing)?\s+(for|on) |
        seek(s|ing)? | aim(s|ed)? |
        intend\w* | plan(s|ned)?\s+to | work(ing)?\s+(to|together|closely) | emphasi[sz]\w* | stress\w* |
        noted | discuss(ed|ing)\s+(progress|ways) | underscor\w* | upcoming | inaugural |
        successful\w* | held | hold(ing)? | conven(e|es|ed|ing) | gather(ed|ing)? | met |
        conduct(s|ed|ing)? | t(ake|akes|ook|aking)\s+note | voic(e|es|ed|ing) | underlin\w*
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)


# The same cues in Japanese and Korean statements (reaffirm, confirm, welcome, agree, pledge, ...).
_CARRIES_CJK = re.compile(
    r"再確認|確認|歓迎|一致|約束|コミット|表明|決定|推進|強化|재확인|확인|환영|합의|약속|공약|의지|"
    r"결정|추진|강화"
)


def carries_commitment(text):
    """Does the clause promise, report or restate something the parties undertake?"""
    text = clean(text)
    return bool(_CARRIES.search(text) or _CARRIES_CJK.search(text))


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    stage: str
    specific: bool = True  # a tense or aspect marker rather than a generic promise verb


def _cue(pattern, stage, specific=True):
    return Cue(re.compile(pattern, re.IGNORECASE), stage, specific)


# Order matters only between cues that match the same words; the nearest cue to the span wins.
STAGE_CUES = [
    _cue(
        r"\b(delay\w*|postpon\w*|stall\w*|obstacles?|setbacks?|suspend\w*|halt(ed|s)?)\b",
        Stage.STALLED,
    ),
    _cue(r"\b(upcoming|will\s+(soon\s+)?be\s+held|to\s+be\s+held)\b", Stage.IN_PROGRESS),
    _cue(r"\b(successful(ly)?|inaugural|first\s+(two\s+|three\s+)?iterations?)\b", Stage.ACHIEVED),
    _cue(r"\bannounc\w*(\s+\w+){0,3}\s+(establishment|launch|creation|signing)\b", Stage.ACHIEVED),
    _cue(
        r"\b(signing\s+of|signed|newly\s+(launched|established|created)|proud\s+of)\b",
        Stage.ACHIEVED,
    ),
    _cue(
        r"\b(launch(ed)?\s+of|launched|established|held|convened|completed|concluded)\b",
        Stage.ACHIEVED,
    ),
    _cue(r"\b(announce[sd]?|announcing)\b", Stage.ACHIEVED),
    _cue(r"\bprogress\b", Stage.IN_PROGRESS),
    _cue(r"\bfinali[sz]\w*\b(?=[^.;]{0,120}\bby\b)", Stage.IN_PROGRESS),
    _cue(r"\bcommitted\s+to\s+the\s+work\s+of\b", Stage.IN_PROGRESS),
    _cue(
        r"\b(are|is)\s+(working|developing|discussing|collaborating|building)\b", Stage.IN_PROGRESS
    ),
    _cue(r"\b(working\s+to|under\s+way|underway|ongoing)\b", Stage.IN_PROGRESS),
    _cue(r"\b(expand\w*|broaden\w*|scal(e|ed|ing)\s+up)\b", Stage.EXPANDED),
    _cue(r"\bannual\b", Stage.EXPANDED, False),
    _cue(
        r"\b(reaffirm\w*|reiterat\w*|renew\w*|remain(s|ed)?\s+(committed|steadfast|determined|resolute|united))\b",
        Stage.REAFFIRMED,
    ),
    _cue(
        r"\b(no\s+change\s+in|longstanding|long-standing|enduring|continue\s+to\s+call|standing)\b",
        Stage.REAFFIRMED,
    ),
    _cue(
        r"\b(affirm\w*|recogni[sz]\w*|support(s|ed|ing)?|oppose[sd]?|call(s|ed)?\s+for|stand(s)?\s+(united|with)|emphasi[sz]\w*|stress\w*)\b",
        Stage.REAFFIRMED,
        False,
    ),
    _cue(r"\b(acknowledg\w*|concur\w*)\b", Stage.REAFFIRMED, False),
    _cue(
        r"\b(welcom\w*|commend\w*|laud(s|ed)?|applaud\w*|hail(s|ed)?)\b", Stage.IN_PROGRESS, False
    ),
    _cue(
        r"\b(decid\w*|instruct\w*|agree[sd]?\s+to|pledg\w*|commit(s|ted|ting)?(\s+(ourselves|themselves))?\s+to|committed|will|shall|look(s|ed|ing)?\s+forward|seek\w*|intend\w*|plan(s|ned)?\s+to|aim(s|ed)?\s+to|next)\b",
        Stage.PLEDGED,
        False,
    ),
    _cue(r"\b(continu\w*|develop\w*|establish\w*|hold(ing)?|launch)\b", Stage.PLEDGED, False),
    # Japanese and Korean statements
    _cue(r"再確認|改めて確認|再表明|재확인|재천명", Stage.REAFFIRMED),
    _cue(r"開催した|実施した|署名|発足|개최했|실시했|서명|출범", Stage.ACHIEVED),
    _cue(r"歓迎|進展|환영|진전", Stage.IN_PROGRESS, False),
    _cue(r"一致|約束|決定|推進|합의|약속|결정|추진", Stage.PLEDGED, False),
]


@dataclass(order=True)
class CueMatch:
    start: int
    end: int
    stage: str = field(compare=False)
    specific: bool = field(compare=False)


def stage_cues(text):
    """Every stage cue in a text, in order, without overlaps (the earlier-listed cue wins)."""
    text = clean(text)
    taken = []
    for cue in STAGE_CUES:
        for match in cue.pattern.finditer(text):
            if any(m.start < match.end() and match.start() < m.end for m in taken):
                continue
            taken.append(CueMatch(match.start(), match.end(), cue.stage, cue.specific))
    return sorted(taken)


_CONDEMNATION = re.compile(r"\b(condemn\w*|concern\w*|deplor\w*|urge[sd]?)\b", re.IGNORECASE)
# Where one part of a sentence ends and another, with its own verb, starts: "; ", ", and we ...".
_CLAUSE_BREAK = re.compile(
    r"[;:]|\.\s|,\s+(and|but|while|which|who)\s+(we|they|the|our|their|it|this|these|that)\b",
    re.IGNORECASE,
)
_PRIORITY = [
    Stage.STALLED,
    Stage.ACHIEVED,
    Stage.IN_PROGRESS,
    Stage.EXPANDED,
    Stage.REAFFIRMED,
    Stage.PLEDGED,
]


def propose_stage(text, span=None):
    """The stage a clause gives a commitment; with `span` (start, end), the cue nearest those words."""
    text = clean(text)
    if span is not None:
        # Condemning or voicing concern again restates a standing position, whatever the tense
        # of the words condemned ("the launch of ...").
        for match in _CONDEMNATION.finditer(text, 0, span[1]):
            if not _CLAUSE_BREAK.search(text[match.end() : max(span[0], match.end())]):
                return Stage.REAFFIRMED
    cues = stage_cues(text)
    if not cues:
        return Stage.PLEDGED
    if span is None:
        specific = [c for c in cues if c.specific] or cues
        return min(specific, key=lambda c: _PRIORITY.index(c.stage)).stage
    start, end = span

    def distance(cue):
        if cue.end <= start:
            gap = text[cue.end : start]
            words = len(gap.split())
            # A cue beyond a clause break (", and", ";") governs other words; a generic verb
            # ("will", "support") yields to a nearer tense marker ("successful", "upcoming").
            words += 15 * len(_CLAUSE_BREAK.findall(gap)) + (0 if cue.specific else 6)
            return words
        if cue.start >= end:
            gap = text[end : cue.start]
            words = len(gap.split())
            if words > 3 or _CLAUSE_BREAK.search(gap) or not cue.specific:
                return 1000
            return 2 + 2 * words
        # Inside the highlighted words: "Freedom Edge that will ..." is governed from before.
        return len(text[start : cue.start].split()) + (0 if cue.specific else 6)

    best = min(cues, key=lambda c: (distance(c), _PRIORITY.index(c.stage)))
    if distance(best) >= 1000:
        return cues[0].stage  # nothing governs the words: the sentence's first cue, its main verb
    return best.stage

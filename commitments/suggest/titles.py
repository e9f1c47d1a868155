"""A new commitment's title, drawn from a clause: the object of its promise, made of whole
phrases. Pure functions on strings."""

import re

from commitments.suggest.text import STOP_WORDS, clean

_OBJECT_AFTER = re.compile(
    r"""\b(?:
        commit(?:s|ted|ting)?(?:\s+(?:ourselves|themselves))?(?:\s+to)? |
        (?:re)?affirm(?:s|ed)?\s+(?:our|their)\s+(?:\w+\s+)?commitment\s+to |
        commitment\s+to | pledg(?:e|es|ed)(?:\s+to)? | decided\s+to | agreed\s+to |
        announce[sd]?(?:\s+the\s+(?:establishment|launch|creation)\s+of)? |
        welcome[sd]?(?:\s+(?:the\s+)?(?:progress\s+(?:made\s+)?(?:on|by|in)|successful\s+launch\s+of))? |
        applaud(?:s|ed)?(?:\s+the)? | hail(?:s|ed)?(?:\s+the)? | commend(?:s|ed)?(?:\s+the)? |
        look(?:s|ed|ing)?\s+forward\s+to | instructed(?:\s+(?:their\s+)?(?:teams|officials|staffs?|ministries|working\s+groups))?(?:\s+to)? |
        continu(?:e|es|ed)\s+to | will | support(?:s|ed)? | launch(?:ed)? | establish(?:ed)? |
        highlighted(?:\s+the\s+progress\s+(?:in|on))? | noted |
        (?:re)?affirm(?:s|ed)?(?:\s+the\s+importance\s+of)? | reiterat(?:e|es|ed)(?:\s+(?:our|their)\s+support\s+for)? |
        renew(?:s|ed)?\s+(?:our|their)\s+commitment\s+to | remain(?:s|ed)?\s+committed\s+to |
        (?:strongly\s+|steadfastly\s+|firmly\s+)?oppose[sd]? | call(?:s|ed)?\s+(?:for|on) |
        (?:emphasi[sz]|stress|recogni[sz]|underscor)(?:e|es|ed|ing)?(?:\s+the\s+importance\s+of)? |
        (?:acknowledg|express)(?:e|es|ed)\s+(?:our\s+|their\s+)?support\s+for |
        stand(?:s)?\s+with | promot(?:e|es|ed)
    )\s+(?P<object>.+)""",
    re.VERBOSE | re.IGNORECASE,
)
_OBJECT_END = re.compile(
    r"[,;:.()]|\s(?:including|which|that|through|while|as\s+well\s+as|in\s+order|so\s+that|by\s+the)\s"
    r"|\sand\s+(?:we\s+|they\s+)?(?=(?:look|call|commit|welcome|reaffirm|reiterat|stress|emphasi|"
    r"support|express|recogni|decid|agree|pledge|urge|will)\w*)",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:(?:the\s+)?work\s+of|launch(?:\s+of)?|are|is|that|the|a|an|our|their|its|this|these|new|further|continue|continued|to|be|"
    r"develop|developing|establish|establishing|create|creating|build|building|hold|holding|"
    r"work|working|together|closely|expeditiously|successful|launch\s+of|establishment\s+of|"
    r"the\s+work\s+of|upcoming|any|progress\s+(?:made\s+)?(?:on|in))\s+)+",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"^(?:(?:in\s+addition|furthermore|additionally|together|moreover|today|also|in\s+this\s+regard)\s*,?\s+)+",
    re.IGNORECASE,
)
_PARTY = r"(?:the\s+)?(?:japan|rok|republic\s+of\s+korea|korea|united\s+states|u\.s\.|us)"
_SUBJECT = re.compile(
    rf"^(?:we|they|{_PARTY}(?:\s*,\s*(?:and\s+)?{_PARTY}|\s+and\s+{_PARTY})*|"
    r"(?:the\s+(?:three\s+)?(?:\w+\s+){0,6}?(?:officials|sides|ministers|secretary|leaders|"
    r"representatives|countries)(?:\s+and\s+)?)+)\s+(?:(?:also|further|strongly)\s+)*",
    re.IGNORECASE,
)


def propose_title(text, max_words=12):
    """A short noun phrase for a new commitment, drawn from the clause (the object of its promise)."""
    text = _OPENER.sub("", " ".join(clean(text).split()).strip(' "'))
    match = _OBJECT_AFTER.search(text)
    phrase = match.group("object") if match else _SUBJECT.sub("", text)
    for cut in _OBJECT_END.finditer(phrase):
        enough = 5 if cut.group().startswith(",") else 3  # "an annual, named, ..." goes on
        if len(phrase[: cut.start()].split()) >= enough:
            phrase = phrase[: cut.start()]
            break
    phrase = _LEADING.sub("", phrase.strip()).strip(" ,.;:'\"")
    phrase = " ".join(whole_phrases(phrase.split(), max_words))
    if not phrase:
        phrase = " ".join(whole_phrases(text.split(), max_words))
    return (phrase[:1].upper() + phrase[1:])[:300]


# Words a phrase of a title may end before: what follows them starts another phrase.
_PHRASE_STARTS = frozenset(
    [
        "of",
        "on",
        "in",
        "at",
        "for",
        "to",
        "with",
        "by",
        "from",
        "through",
        "toward",
        "towards",
        "including",
        "and",
        "or",
        "as",
        "that",
        "which",
        "while",
        "across",
        "among",
        "under",
        "between",
        "into",
        "within",
        "against",
        "amid",
        "about",
        "via",
        "so",
    ]
)
OVERRUN = 6  # words a title may run past its length to end where its phrase ends


def whole_phrases(words, max_words):
    """At most about `max_words` words, cut where a phrase ends (before "of", "and", a comma),
    never inside one ("share information on illicit" is cut mid-phrase)."""
    if len(words) <= max_words:
        return _trimmed(words)

    def ends_phrase(k):
        return words[k - 1][-1:] in ",;:" or words[k].lower().strip("\"'(") in _PHRASE_STARTS

    within = [k for k in range(max_words, 2, -1) if ends_phrase(k)]
    beyond = [k for k in range(max_words + 1, min(len(words), max_words + OVERRUN) + 1)]
    beyond = [k for k in beyond if k == len(words) or ends_phrase(k)]
    if within and (within[0] >= max_words // 2 or not beyond):
        return _trimmed(words[: within[0]])
    if beyond:
        return _trimmed(words[: beyond[0]])
    return _trimmed(words[:max_words])


def _trimmed(words):
    words = [w.rstrip(",;:") if i == len(words) - 1 else w for i, w in enumerate(words)]
    while words and words[-1].lower() in STOP_WORDS:
        words = words[:-1]
    return words

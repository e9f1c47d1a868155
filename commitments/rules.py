"""The domain's small rules, each written once: address names (slugs), ordinals, alias keys,
content hashes. Pure functions: no model is imported here (models.py imports this module)."""

import hashlib
import re

from django.utils.text import slugify

SLUG_MAX_LENGTH = 200
_SLUG = re.compile(rf"[-a-zA-Z0-9_]{{1,{SLUG_MAX_LENGTH}}}")


def is_slug(value):
    """Whether `value` has the shape of an address name (letters, digits, hyphens, underscores)."""
    return isinstance(value, str) and bool(_SLUG.fullmatch(value))


def unique_slug(text, taken, max_length=190, fallback="item"):
    """An address name made from `text` that `taken(slug)` does not refuse: the text's own, else
    with -2, -3 ... appended (the suffix always fits within `max_length`)."""
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def ordinal(number):
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def normalize_alias(text):
    """Case- and punctuation-insensitive key used to match aliases ("U.S." == "US")."""
    return " ".join("".join(ch for ch in text.casefold() if ch.isalnum() or ch.isspace()).split())


def content_hash(raw_bytes):
    """SHA-256 of a source text's bytes: two copies of one text share it."""
    return hashlib.sha256(raw_bytes).hexdigest()


def free_slug(model, text, max_length=190):
    """unique_slug() against the address names the rows of `model` already have."""
    return unique_slug(
        text,
        lambda slug: model.objects.filter(slug=slug).exists(),
        max_length=max_length,
        fallback=model._meta.model_name,
    )


_KEY_EDGES = re.compile(r"^\W+|\W+$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def synonym_key(text):
    """How search compares a synonym with what was typed: lower case, straight apostrophes, the
    punctuation around each word dropped, words without a letter or digit left out, one space
    between words ("Democratic People’s Republic of Korea" -> "democratic people's republic of
    korea")."""
    words = (_KEY_EDGES.sub("", word) for word in text.translate(_APOSTROPHES).lower().split())
    return " ".join(word for word in words if re.search(r"[^\W_]", word))

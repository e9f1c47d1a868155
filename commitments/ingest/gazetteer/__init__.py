"""What ingestion knows beforehand: countries, bodies and institutions with their aliases, the
meeting series of the trilateral partnership, the people who met in them (2021-), places, and the
words official titles are made of. Plain data in English, Korean and Japanese; matching is done
by the ingestion steps.

Aliases are matched case-sensitively on word boundaries, longest first, so "Democratic People's
Republic of Korea" never reads as "Republic of Korea". Korean and Japanese aliases have no word
boundaries: particles attach to names ("한국은", "日本は").
"""

import re

from commitments.ingest.gazetteer.actors import (
    BODIES,
    COUNTRIES,
    COUNTRY_ADJECTIVES,
    KNOWN_ACTORS,
    NEVER_PARTIES,
    TRILATERAL_PARTIES,
    KnownActor,
)
from commitments.ingest.gazetteer.people import (
    NATIONAL_TITLES,
    PEOPLE,
    TITLE_WORDS,
    KnownPerson,
    people_by_alias,
)
from commitments.ingest.gazetteer.places import PLACES
from commitments.ingest.gazetteer.publishers import (
    INSTITUTIONS,
    NEWS_AGENCIES,
    OFFICIAL_HOST_SUFFIXES,
    PUBLISHERS_BY_SECTION,
    Institution,
    institution_for_host,
)
from commitments.ingest.gazetteer.series import SERIES, SERIES_HEAD_WORDS, KnownSeries

__all__ = [
    "BODIES",
    "COUNTRIES",
    "COUNTRY_ADJECTIVES",
    "INSTITUTIONS",
    "KNOWN_ACTORS",
    "NATIONAL_TITLES",
    "NEVER_PARTIES",
    "NEWS_AGENCIES",
    "OFFICIAL_HOST_SUFFIXES",
    "PEOPLE",
    "PLACES",
    "PUBLISHERS_BY_SECTION",
    "SERIES",
    "SERIES_HEAD_WORDS",
    "TITLE_WORDS",
    "TRILATERAL_PARTIES",
    "Institution",
    "KnownActor",
    "KnownPerson",
    "KnownSeries",
    "alias_pattern",
    "institution_for_host",
    "is_cjk_alias",
    "people_by_alias",
]


def is_cjk_alias(alias):
    """Korean or Japanese: matched without word boundaries."""
    return any(ord(ch) > 0x3000 for ch in alias)


def alias_pattern(alias):
    """A regex matching `alias` as a whole phrase (word boundaries where the alias has letters)."""
    body = re.escape(alias).replace("\\ ", r"\s+")
    if is_cjk_alias(alias):
        return body
    start = r"(?<![\w.])" if alias[0].isalnum() else ""
    end = r"(?![\w])" if alias[-1].isalnum() else r"(?!\w)"
    return start + body + end

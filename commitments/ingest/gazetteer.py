"""What ingestion knows beforehand: countries and bodies with their aliases, meeting series, the
heads of state and government of the three countries, and the words titles are made of.

Plain data; matching is done in metadata.py. Aliases are matched case-sensitively on word
boundaries, longest first, so "Democratic People's Republic of Korea" never reads as "Republic of Korea".
"""

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class KnownActor:
    name: str
    kind: str  # "country" or "organisation"
    short_name: str = ""
    aliases: tuple = ()


COUNTRIES = [
    KnownActor(
        "United States",
        "country",
        "U.S.",
        (
            "United States of America",
            "United States",
            "U.S.",
            "US",
            "USA",
            "U.S.A.",
            "America",
            "American",
            "미국",
            "米国",
            "アメリカ",
            "アメリカ合衆国",
        ),
    ),
    KnownActor(
        "Japan", "country", "Japan", ("Japan", "Japanese", "Government of Japan", "일본", "日本")
    ),
    KnownActor(
        "Republic of Korea",
        "country",
        "ROK",
        (
            "Republic of Korea",
            "ROK",
            "South Korea",
            "Korea",
            "Korean Government",
            "S. Korea",
            "대한민국",
            "한국",
            "韓国",
            "大韓民国",
        ),
    ),
    KnownActor(
        "Democratic People's Republic of Korea",
        "country",
        "DPRK",
        (
            "Democratic People's Republic of Korea",
            "Democratic People’s Republic of Korea",
            "DPRK",
            "North Korea",
            "N. Korea",
            "북한",
            "北朝鮮",
        ),
    ),
    KnownActor("Russia", "country", "Russia", ("Russia", "Russian Federation")),
    KnownActor(
        "China",
        "country",
        "PRC",
        ("People's Republic of China", "People’s Republic of China", "PRC", "China"),
    ),
    KnownActor("Ukraine", "country", "Ukraine", ("Ukraine",)),
    KnownActor("Taiwan", "country", "Taiwan", ("Taiwan",)),
    KnownActor("Philippines", "country", "Philippines", ("Philippines", "the Philippines")),
    KnownActor("Australia", "country", "Australia", ("Australia",)),
    KnownActor("India", "country", "India", ("India",)),
    KnownActor("Papua New Guinea", "country", "PNG", ("Papua New Guinea",)),
    KnownActor("Peru", "country", "Peru", ("Peru",)),
    KnownActor("Iran", "country", "Iran", ("Iran",)),
    KnownActor("Israel", "country", "Israel", ("Israel",)),
    KnownActor("Vietnam", "country", "Vietnam", ("Vietnam", "Viet Nam")),
    KnownActor("Indonesia", "country", "Indonesia", ("Indonesia",)),
    KnownActor("Myanmar", "country", "Myanmar", ("Myanmar", "Burma")),
    KnownActor("Mongolia", "country", "Mongolia", ("Mongolia",)),
    KnownActor("United Kingdom", "country", "UK", ("United Kingdom", "UK", "U.K.")),
    KnownActor("Germany", "country", "Germany", ("Germany",)),
    KnownActor("France", "country", "France", ("France",)),
    KnownActor("Canada", "country", "Canada", ("Canada",)),
]

BODIES = [
    KnownActor(
        "UN Security Council",
        "organisation",
        "UNSC",
        (
            "United Nations Security Council",
            "UN Security Council",
            "U.N. Security Council",
            "UNSC",
            "Security Council",
        ),
    ),
    KnownActor("United Nations", "organisation", "UN", ("United Nations", "UN", "U.N.")),
    KnownActor(
        "UN General Assembly",
        "organisation",
        "UNGA",
        ("United Nations General Assembly", "UN General Assembly", "UNGA", "General Assembly"),
    ),
    KnownActor(
        "ASEAN",
        "organisation",
        "ASEAN",
        ("Association of Southeast Asian Nations", "ASEAN"),
    ),
    KnownActor("APEC", "organisation", "APEC", ("Asia-Pacific Economic Cooperation", "APEC")),
    KnownActor(
        "Pacific Islands Forum",
        "organisation",
        "PIF",
        ("Pacific Islands Forum", "Pacific Island Forum", "PIF"),
    ),
    KnownActor("G7", "organisation", "G7", ("G7", "Group of Seven")),
    KnownActor("G20", "organisation", "G20", ("G20", "Group of Twenty")),
    KnownActor("NATO", "organisation", "NATO", ("North Atlantic Treaty Organization", "NATO")),
    KnownActor(
        "International Atomic Energy Agency",
        "organisation",
        "IAEA",
        ("International Atomic Energy Agency", "IAEA"),
    ),
    KnownActor("Quad", "organisation", "Quad", ("Quadrilateral Security Dialogue", "Quad")),
]

KNOWN_ACTORS = COUNTRIES + BODIES

# The three countries every series below brings together.
TRILATERAL_PARTIES = ("United States", "Japan", "Republic of Korea")

# Every name of a party to a trilateral statement, for reading "Korea-U.S.-Japan" and the like.
COUNTRY_ADJECTIVES = {
    "American": "United States",
    "Japanese": "Japan",
    "Korean": "Republic of Korea",
}


@dataclass(frozen=True)
class KnownSeries:
    name: str
    level: str
    aliases: tuple = field(default_factory=tuple)
    # The titles its participants hold: a text naming no series is recognised by who met.
    titles: str = ""


# Longer, more specific aliases win over shorter ones when several match (see metadata.find_series).
SERIES = [
    KnownSeries(
        "Trilateral Leaders' Summit",
        "leaders",
        (
            "Trilateral Leaders' Summit",
            "Trilateral Leaders’ Summit",
            "Leaders' Summit",
            "Leaders’ Summit",
            "Trilateral Summit",
            "Leaders' Meeting",
            "Leaders’ Meeting",
            "Trilateral Leaders Meeting",
            "Camp David Summit",
            "summit",
        ),
        r"^(?:president|prime minister)$",
    ),
    KnownSeries(
        "Vice Foreign Ministerial Dialogue",
        "vice_ministerial",
        (
            "Vice Foreign Ministerial Dialogue",
            "Vice Foreign Ministerial Meeting",
            "Vice Foreign Minister-Level Dialogue",
            "Vice Foreign Minister Level Dialogue",
            "Vice Foreign Ministers' Meeting",
            "Vice Foreign Ministers’ Meeting",
            "Vice Foreign Ministers' Dialogue",
            "Vice Ministerial Dialogue",
            "Vice Foreign Ministerial Talks",
        ),
        r"deputy secretary of state|vice (?:foreign )?minister|vice minister (?:of|for) foreign affairs",
    ),
    KnownSeries(
        "Defense Trilateral Talks",
        "working",
        ("Defense Trilateral Talks", "DTT"),
        r"assistant secretary of defense|director general for defen[cs]e policy"
        r"|deputy minister for national defen[cs]e policy",
    ),
    KnownSeries(
        "Trilateral Ministerial Meeting",
        "ministerial",
        (
            "Trilateral Ministerial Meeting",
            "TMM",
            "Trilateral Defense Ministerial Meeting",
            "Trilateral Defense Ministers' Meeting",
            "Trilateral Defense Ministers’ Meeting",
            "Defense Ministers' Meeting",
            "Defense Ministers’ Meeting",
            "Defense Ministerial Meeting",
        ),
        r"^(?:secretary of defen[cs]e|minister of (?:national )?defen[cs]e|defen[cs]e minister)$",
    ),
    KnownSeries(
        "Trilateral Chiefs of Defense",
        "working",
        (
            "Trilateral Chiefs of Defense",
            "Tri-CHOD",
            "TRI-CHOD",
            "Chiefs of Defense Meeting",
            "Chiefs of Defense",
            "Trilateral Chiefs of Defense Meeting",
        ),
        r"chairman of the joint chiefs|chief of (?:staff, )?joint staff|chairman of the joint chiefs of staff",
    ),
    KnownSeries(
        "Foreign Ministers' Meeting",
        "ministerial",
        (
            "Foreign Ministers' Meeting",
            "Foreign Ministers’ Meeting",
            "Foreign Ministers Meeting",
            "Trilateral Foreign Ministers' Meeting",
            "Trilateral Foreign Ministers’ Meeting",
            "Foreign Ministerial Meeting",
        ),
        r"^(?:secretary of state|minister (?:of|for) foreign affairs|foreign minister)$",
    ),
]

# Words that end the name of a meeting format, for series this gazetteer does not know yet.
SERIES_HEAD_WORDS = (
    "Summit",
    "Meeting",
    "Dialogue",
    "Talks",
    "Consultations",
    "Conference",
    "Forum",
    "Ministerial",
)

# Heads of state and government of the three countries (2021-), who statements name by
# title and surname only ("President Biden", "Prime Minister Ishiba").
LEADERS = [
    (
        "Joseph R. Biden Jr.",
        "President",
        "United States",
        ("Biden", "Joe Biden", "Joseph R. Biden"),
    ),
    ("Donald J. Trump", "President", "United States", ("Trump", "Donald Trump")),
    (
        "Yoon Suk Yeol",
        "President",
        "Republic of Korea",
        ("Yoon", "Yoon Seok-yeol", "Yoon Suk-yeol"),
    ),
    ("Lee Jae-myung", "President", "Republic of Korea", ("Lee", "Lee Jae Myung")),
    ("Kishida Fumio", "Prime Minister", "Japan", ("Kishida", "Fumio Kishida")),
    ("Ishiba Shigeru", "Prime Minister", "Japan", ("Ishiba", "Shigeru Ishiba")),
    ("Takaichi Sanae", "Prime Minister", "Japan", ("Takaichi", "Sanae Takaichi")),
]

# Words official titles are made of: the rest of a "<title> <name>" phrase is the name.
_TITLE_WORDS = """
    minister ministers secretary secretaries deputy vice director directors general assistant
    chief chiefs president prime ambassador under foreign affairs defense defence national policy
    state security indo-pacific asia asian pacific east and of for the senior special
    representative envoy counselor counsellor spokesperson chairman chair chairperson joint staff
    staffs commander forces international economic political bureau department office principal
    acting administrator cabinet council advisor adviser executive legal plans operations strategy
    strategic first second third 1st 2nd 3rd 4th trade industry finance treasury commerce
    diplomatic ministry ministries agency
"""
TITLE_WORDS = set(_TITLE_WORDS.split())

# Titles that only one of the governments uses, for participants named without their country.
NATIONAL_TITLES = [
    (
        r"\bsecretary of (?:state|defen[cs]e|the treasury|commerce|energy|homeland security)\b"
        r"|\bunder secretary of\b|\bassistant to the president\b",
        "United States",
    ),
]

# Site sections that say whose site a page is on.
PUBLISHERS_BY_SECTION = {
    "office of the spokesperson": "U.S. Department of State",
    "briefing room": "The White House",
    "statements and releases": "The White House",
    "statements & releases": "The White House",
}

# Publishers recognised from a source URL's host.
PUBLISHERS_BY_HOST = {
    "whitehouse.gov": "The White House",
    "state.gov": "U.S. Department of State",
    "defense.gov": "U.S. Department of Defense",
    "war.gov": "U.S. Department of Defense",
    "pacom.mil": "U.S. Indo-Pacific Command",
    "mofa.go.jp": "Ministry of Foreign Affairs of Japan",
    "mod.go.jp": "Ministry of Defense of Japan",
    "kantei.go.jp": "Prime Minister's Office of Japan",
    "mofa.go.kr": "Ministry of Foreign Affairs of the Republic of Korea",
    "mnd.go.kr": "Ministry of National Defense of the Republic of Korea",
    "korea.kr": "Korea.net / Korea Policy Briefing",
    "president.go.kr": "Office of the President of the Republic of Korea",
}


def alias_pattern(alias):
    """A regex matching `alias` as a whole phrase (word boundaries where the alias has letters).

    Korean and Japanese aliases have no boundaries: particles attach to names ("한국은").
    """
    body = re.escape(alias).replace("\\ ", r"\s+")
    if any(ord(ch) > 0x3000 for ch in alias):
        return body
    start = r"(?<![\w.])" if alias[0].isalnum() else ""
    end = r"(?![\w])" if alias[-1].isalnum() else r"(?!\w)"
    return start + body + end

"""Countries and international bodies statements name, with their aliases in three languages.

A short name is kept only where it differs from the name ("ROK" for the Republic of Korea, not
"Japan" for Japan): a page never shows a name twice ("Japan (Japan)").
"""

from dataclasses import dataclass


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
        "Japan", "country", "", ("Japan", "Japanese", "Government of Japan", "일본", "日本")
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
            "조선민주주의인민공화국",
        ),
    ),
    KnownActor("Russia", "country", "", ("Russia", "Russian Federation", "러시아", "ロシア")),
    KnownActor(
        "China",
        "country",
        "PRC",
        (
            "People's Republic of China",
            "People’s Republic of China",
            "PRC",
            "China",
            "중국",
            "中国",
        ),
    ),
    KnownActor("Ukraine", "country", "", ("Ukraine", "우크라이나", "ウクライナ")),
    KnownActor("Taiwan", "country", "", ("Taiwan", "대만", "台湾")),
    KnownActor("Philippines", "country", "", ("Philippines", "the Philippines")),
    KnownActor("Australia", "country", "", ("Australia",)),
    KnownActor("India", "country", "", ("India",)),
    KnownActor("Papua New Guinea", "country", "PNG", ("Papua New Guinea",)),
    KnownActor("Peru", "country", "", ("Peru",)),
    KnownActor("Iran", "country", "", ("Iran",)),
    KnownActor("Israel", "country", "", ("Israel",)),
    KnownActor("Vietnam", "country", "", ("Vietnam", "Viet Nam")),
    KnownActor("Indonesia", "country", "", ("Indonesia",)),
    KnownActor("Myanmar", "country", "", ("Myanmar", "Burma")),
    KnownActor("Mongolia", "country", "", ("Mongolia",)),
    KnownActor("United Kingdom", "country", "UK", ("United Kingdom", "UK", "U.K.")),
    KnownActor("Germany", "country", "", ("Germany",)),
    KnownActor("France", "country", "", ("France",)),
    KnownActor("Canada", "country", "", ("Canada",)),
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
        "",
        ("Association of Southeast Asian Nations", "ASEAN"),
    ),
    KnownActor("APEC", "organisation", "", ("Asia-Pacific Economic Cooperation", "APEC")),
    KnownActor(
        "Pacific Islands Forum",
        "organisation",
        "PIF",
        ("Pacific Islands Forum", "Pacific Island Forum", "PIF"),
    ),
    KnownActor("G7", "organisation", "", ("G7", "Group of Seven")),
    KnownActor("G20", "organisation", "", ("G20", "Group of Twenty")),
    KnownActor("NATO", "organisation", "", ("North Atlantic Treaty Organization", "NATO")),
    KnownActor(
        "International Atomic Energy Agency",
        "organisation",
        "IAEA",
        ("International Atomic Energy Agency", "IAEA"),
    ),
    KnownActor("Quad", "organisation", "", ("Quadrilateral Security Dialogue", "Quad")),
]

KNOWN_ACTORS = COUNTRIES + BODIES

# The three countries every series of the partnership brings together: the only parties found.
TRILATERAL_PARTIES = ("United States", "Japan", "Republic of Korea")

# Countries statements speak about, never parties to them.
NEVER_PARTIES = (
    "Democratic People's Republic of Korea",
    "China",
    "Russia",
    "Taiwan",
    "Iran",
)

# Adjectives that name a party ("Japanese Foreign Minister").
COUNTRY_ADJECTIVES = {
    "American": "United States",
    "Japanese": "Japan",
    "Korean": "Republic of Korea",
}

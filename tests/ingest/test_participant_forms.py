"""Participants named family name first with a short given name, and delegations "led" by a list
of officials. Statements written for these tests (not the five source texts)."""

from commitments.ingest import parse_source

US, JAPAN, ROK = "United States", "Japan", "Republic of Korea"

SHORT_GIVEN_NAME = """Joint Press Statement of the Trilateral Ministerial Meeting
Japanese Minister of Defense Tanaka Gen, Republic of Korea Minister of National Defense Ahn Gyu-back, \
and U.S. Secretary of Defense Pete Hegseth met in Manila, the Philippines, on March 30, 2026.

The Ministers condemned the DPRK's ballistic missile launches and committed to conducting the \
trilateral exercise Freedom Edge regularly.
"""

LED_THEIR_DELEGATIONS = """Joint Statement of the 19th Defense Trilateral Talks
The 19th Defense Trilateral Talks were held in Seoul on September 9, 2026. Principal Deputy \
Assistant Secretary of Defense for Indo-Pacific Security Affairs Jane Doe, Japan Ministry of \
Defense Director General for Defense Policy Sato Ken, and Republic of Korea Ministry of National \
Defense Deputy Minister for National Defense Policy Lee Min-ho led their respective delegations.

The three sides condemned the DPRK's missile launches and decided to expand trilateral exercises.
"""

DELEGATIONS_WERE_LED_BY = """Joint Statement of the 20th Defense Trilateral Talks
The 20th Defense Trilateral Talks were held in Tokyo on March 3, 2027. The three delegations were \
led by U.S. Deputy Assistant Secretary of Defense John Roe, Japan Director General for Defense \
Policy Ito Jun, and ROK Deputy Minister for National Defense Policy Park Ji-won.

The three sides reaffirmed their commitment to the Trilateral Security Cooperation Framework.
"""


def people(result):
    return [(p.name, p.title, p.country) for p in result.metadata.participants]


def test_a_short_given_name_after_the_family_name_is_no_military_rank():
    result = parse_source(SHORT_GIVEN_NAME.encode(), "tmm.txt")
    assert result.ok, result.errors
    assert people(result)[0] == ("Tanaka Gen", "Minister of Defense", JAPAN)
    assert len(people(result)) == 3


def test_officials_who_led_their_respective_delegations_are_the_participants():
    result = parse_source(LED_THEIR_DELEGATIONS.encode(), "dtt.txt")
    assert result.ok, result.errors
    assert people(result) == [
        (
            "Jane Doe",
            "Principal Deputy Assistant Secretary of Defense for Indo-Pacific Security Affairs",
            US,
        ),
        ("Sato Ken", "Ministry of Defense Director General for Defense Policy", JAPAN),
        (
            "Lee Min-ho",
            "Ministry of National Defense Deputy Minister for National Defense Policy",
            ROK,
        ),
    ]


def test_delegations_were_led_by_a_list_of_officials_past_a_dotted_country():
    result = parse_source(DELEGATIONS_WERE_LED_BY.encode(), "dtt20.txt")
    assert result.ok, result.errors
    assert people(result) == [
        ("John Roe", "Deputy Assistant Secretary of Defense", US),
        ("Ito Jun", "Director General for Defense Policy", JAPAN),
        ("Park Ji-won", "Deputy Minister for National Defense Policy", ROK),
    ]


LED_WITH_DOTTED_PREFIX = """Joint Statement of the 21st Defense Trilateral Talks
The 21st Defense Trilateral Talks were held in Seoul on September 9, 2027. U.S. Deputy Assistant \
Secretary of Defense Jane K. Doe, Japan Director General for Defense Policy Sato Ken, and ROK \
Deputy Minister for National Defense Policy Lee Min-ho led their respective delegations.

The three sides condemned the DPRK's missile launches and decided to expand trilateral exercises.
"""


def test_led_their_delegations_keeps_a_dotted_country_and_a_middle_initial():
    result = parse_source(LED_WITH_DOTTED_PREFIX.encode(), "dtt21.txt")
    assert result.ok, result.errors
    assert people(result) == [
        ("Jane K. Doe", "Deputy Assistant Secretary of Defense", US),
        ("Sato Ken", "Director General for Defense Policy", JAPAN),
        ("Lee Min-ho", "Deputy Minister for National Defense Policy", ROK),
    ]

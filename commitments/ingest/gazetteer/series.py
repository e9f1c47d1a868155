"""The meeting series of the trilateral partnership (2021-2025), with their names in three languages.

`titles` is a regex over participants' titles: a text naming no series is recognised by who met.
An alias several series share ("Trilateral Ministerial Meeting" names both the foreign and the
defense ministers' meetings) is resolved by those titles; the first series listing it is the
default. Multi-word English aliases match in any case ("economic security dialogue").
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KnownSeries:
    name: str
    level: str
    aliases: tuple = field(default_factory=tuple)
    titles: str = ""
    exercise: bool = False  # announced before it happens: its start date is its date


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
            "Trilateral Summit Meeting",
            "Leaders' Meeting",
            "Leaders’ Meeting",
            "Trilateral Leaders Meeting",
            "Camp David Summit",
            "summit",
            "정상회의",
            "정상회담",
            "首脳会合",
            "首脳会談",
        ),
        r"^(?:president|prime minister)$",
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
            "Defense Ministerial",
            "국방장관회의",
            "국방장관회담",
            "국방장관 회의",
            "防衛相会談",
            "防衛相会合",
        ),
        r"^(?:secretary of (?:defen[cs]e|war)|minister of (?:national )?defen[cs]e|defen[cs]e minister)$",
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
            "Trilateral Foreign Ministerial",
            "Trilateral Ministerial Meeting",
            "외교장관회의",
            "외교장관 회의",
            "외교장관회담",
            "外相会合",
            "外相会談",
        ),
        r"^(?:secretary of state|minister (?:of|for) foreign affairs|foreign minister)$",
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
            "Trilateral Ministerial Meeting",
            "외교차관협의회",
            "외교차관회의",
            "차관협의회",
            "차관회의",
            "外務次官協議",
            "次官協議",
        ),
        r"deputy secretary of state|vice (?:foreign )?minister|vice minister (?:of|for) foreign affairs",
    ),
    KnownSeries(
        "Defense Trilateral Talks",
        "working",
        ("Defense Trilateral Talks", "DTT", "한미일 안보회의", "防衛実務者協議"),
        r"assistant secretary of defense|director general for defen[cs]e policy"
        r"|deputy minister for national defen[cs]e policy",
    ),
    KnownSeries(
        "Defense Trilateral Talks Working Group",
        "working",
        (
            "Defense Trilateral Talks Working Group",
            "Defense Trilateral Talks (DTT) Working Group",
            "DTT Working Group",
        ),
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
            "Chief of Defense Meeting",
            "Trilateral Chiefs of Defense Meeting",
            "합참의장회의",
        ),
        r"chairman of the joint chiefs|chief of (?:staff, )?joint staff",
    ),
    KnownSeries(
        "Indo-Pacific Dialogue",
        "working",
        (
            "Indo-Pacific Dialogue",
            "Trilateral Indo-Pacific Dialogue",
            "인도태평양 대화",
            "インド太平洋対話",
        ),
        r"assistant secretary of state for east asian",
    ),
    KnownSeries(
        "Economic Security Dialogue",
        "working",
        (
            "Economic Security Dialogue",
            "Trilateral Economic Security Dialogue",
            "economic security dialogue",
            "경제안보대화",
            "経済安全保障対話",
        ),
    ),
    KnownSeries(
        "National Security Advisors' Meeting",
        "ministerial",
        (
            "National Security Advisors' Meeting",
            "National Security Advisors’ Meeting",
            "Trilateral National Security Advisors' Meeting",
            "National Security Advisors Meeting",
            "안보실장 회의",
        ),
        r"national security advis[eo]r|secretary general of the national security secretariat",
    ),
    KnownSeries(
        "Trilateral Secretariat",
        "working",
        (
            "Trilateral Secretariat",
            "Trilateral Coordinating Secretariat",
            "Trilateral Coordinating Secretariat Managing Board",
            "Secretariat Managing Board",
            "Korea-U.S.-Japan Cooperation Secretariat",
            "한미일 사무국",
            "日米韓事務局",
        ),
    ),
    KnownSeries(
        "Freedom Edge",
        "working",
        ("Freedom Edge", "프리덤 에지", "フリーダム・エッジ"),
        exercise=True,
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

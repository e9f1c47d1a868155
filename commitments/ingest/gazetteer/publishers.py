"""Institutions that issue statements, and the news agencies and distributors that repost them.

An institution's aliases also name its country as a party ("the Japanese Ministry of Defense");
its hosts recognise it from a source URL. Any other host is an outlet that republished the text.
"""

from dataclasses import dataclass

US, JAPAN, ROK = "United States", "Japan", "Republic of Korea"


@dataclass(frozen=True)
class Institution:
    name: str
    country: str
    aliases: tuple = ()
    hosts: tuple = ()
    offices: str = ""  # regex over titles of the people who speak for it


INSTITUTIONS = [
    Institution(
        "The White House",
        US,
        ("The White House", "White House", "백악관", "ホワイトハウス"),
        ("whitehouse.gov",),
        r"^president\b|national security advis",
    ),
    Institution(
        "U.S. Department of State",
        US,
        (
            "U.S. Department of State",
            "US Department of State",
            "United States Department of State",
            "Department of State",
            "State Department",
            "미 국무부",
            "미국 국무부",
            "国務省",
        ),
        ("state.gov",),
        r"secretary of state|spokesperson",
    ),
    Institution(
        "U.S. Embassy",
        US,
        ("U.S. Embassy", "US Embassy", "주한미국대사관", "在日米国大使館"),
        ("usembassy.gov",),
    ),
    Institution(
        "U.S. Department of Defense",
        US,
        (
            "U.S. Department of Defense",
            "US Department of Defense",
            "United States Department of Defense",
            "Department of Defense",
            "U.S. Department of War",
            "Department of War",
            "DoD",
            "Pentagon",
            "미 국방부",
            "미국 국방부",
            "米国防総省",
            "国防総省",
        ),
        ("defense.gov", "war.gov"),
        r"secretary of (?:defen[cs]e|war)|assistant secretary of defen[cs]e",
    ),
    Institution(
        "U.S. Indo-Pacific Command",
        US,
        ("U.S. Indo-Pacific Command", "Indo-Pacific Command", "USINDOPACOM", "INDOPACOM"),
        ("pacom.mil",),
    ),
    Institution(
        "U.S. Joint Chiefs of Staff",
        US,
        ("U.S. Joint Chiefs of Staff", "Joint Chiefs of Staff"),
        ("jcs.mil",),
        r"chairman of the joint chiefs",
    ),
    Institution(
        "Ministry of Foreign Affairs of Japan",
        JAPAN,
        (
            "Ministry of Foreign Affairs of Japan",
            "Japanese Ministry of Foreign Affairs",
            "Japan Ministry of Foreign Affairs",
            "MOFA Japan",
            "외무성",
            "外務省",
        ),
        ("mofa.go.jp",),
        r"minister for foreign affairs|vice minister for foreign affairs",
    ),
    Institution(
        "Ministry of Defense of Japan",
        JAPAN,
        (
            "Ministry of Defense of Japan",
            "Japanese Ministry of Defense",
            "Japan Ministry of Defense",
            "Japanese Ministry of Defence",
            "방위성",
            "防衛省",
        ),
        ("mod.go.jp",),
        r"^minister of defen[cs]e$|director general for defen[cs]e policy",
    ),
    Institution(
        "Joint Staff of Japan",
        JAPAN,
        (
            "Joint Staff Office",
            "Japan Joint Staff",
            "Japan Self-Defense Forces Joint Staff",
            "統合幕僚監部",
        ),
        (),
        r"chief of staff, joint staff",
    ),
    Institution(
        "Prime Minister's Office of Japan",
        JAPAN,
        ("Prime Minister's Office of Japan", "Prime Minister’s Office of Japan", "首相官邸"),
        ("kantei.go.jp",),
        r"^prime minister$",
    ),
    Institution(
        "Ministry of Foreign Affairs of the Republic of Korea",
        ROK,
        (
            "Ministry of Foreign Affairs of the Republic of Korea",
            "Ministry of Foreign Affairs, Republic of Korea",
            "ROK Ministry of Foreign Affairs",
            "Korean Ministry of Foreign Affairs",
            "South Korean Foreign Ministry",
            "외교부",
            "韓国外交部",
        ),
        ("mofa.go.kr",),
        r"^minister of foreign affairs$|first vice minister of foreign affairs|deputy minister for political",
    ),
    Institution(
        "Ministry of National Defense of the Republic of Korea",
        ROK,
        (
            "Ministry of National Defense of the Republic of Korea",
            "Republic of Korea Ministry of National Defense",
            "ROK Ministry of National Defense",
            "ROK MND",
            "Ministry of National Defense",
            "국방부",
            "韓国国防部",
        ),
        ("mnd.go.kr",),
        r"minister of national defen[cs]e|deputy minister for national defen[cs]e",
    ),
    Institution(
        "Joint Chiefs of Staff of the Republic of Korea",
        ROK,
        ("ROK Joint Chiefs of Staff", "합동참모본부", "합참"),
        ("jcs.mil.kr",),
    ),
    Institution(
        "Office of the President of the Republic of Korea",
        ROK,
        ("Office of the President of the Republic of Korea", "대통령실"),
        ("president.go.kr",),
    ),
    Institution(
        "Korea Policy Briefing",
        ROK,
        ("Korea Policy Briefing", "Korea.net", "대한민국 정책브리핑", "Policy News", "정책뉴스"),
        ("korea.kr", "korea.net"),
    ),
    Institution(
        "Trilateral Secretariat",
        "",
        ("Trilateral Secretariat", "Trilateral Coordinating Secretariat"),
        (),
    ),
]

# Site sections that say whose site a page is on.
PUBLISHERS_BY_SECTION = {
    "office of the spokesperson": "U.S. Department of State",
    "briefing room": "The White House",
    "statements and releases": "The White House",
    "statements & releases": "The White House",
}

# A host under one of these is a government's own site.
OFFICIAL_HOST_SUFFIXES = (".gov", ".mil", ".go.jp", ".go.kr", ".mil.kr", ".korea.kr", ".gov.kr")

# News agencies and press-release distributors, by the names they sign with.
NEWS_AGENCIES = (
    "Yonhap",
    "Yonhap News Agency",
    "Kyodo",
    "Kyodo News",
    "Jiji Press",
    "Jiji",
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "NHK",
    "KBS",
    "Korea Herald",
    "Korea Times",
    "Japan Times",
    "MENAFN",
    "KUNA",
    "Mirage News",
    "Public Technologies",
    "PUBT",
    "PR Newswire",
    "Business Wire",
    "GlobeNewswire",
    "EIN Presswire",
    "연합뉴스",
    "共同通信",
    "時事通信",
)


def institution_for_host(host):
    """The institution whose site `host` is, or None."""
    host = (host or "").casefold()
    for institution in INSTITUTIONS:
        for domain in institution.hosts:
            if host == domain or host.endswith("." + domain):
                return institution
    return None

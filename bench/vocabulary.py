"""The synthetic corpus's words: built-in lists, and the curated corpus's and the source
texts' own wording when present, so search and suggestion see realistic text."""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

from commitments.models import MeetingSeries, Stage

MAX_MENTIONS = 30


SERIES = [
    ("Trilateral Leaders' Summit", MeetingSeries.Level.LEADERS, 1),
    ("Trilateral Foreign Ministers' Meeting", MeetingSeries.Level.MINISTERIAL, 2),
    ("Trilateral Ministerial Meeting (defense ministers)", MeetingSeries.Level.MINISTERIAL, 2),
    ("Vice Foreign Ministerial Dialogue", MeetingSeries.Level.VICE_MINISTERIAL, 3),
    ("Defense Trilateral Talks", MeetingSeries.Level.WORKING, 4),
    ("Trilateral Chiefs of Defense", MeetingSeries.Level.MINISTERIAL, 2),
    ("Trilateral Economic Security Dialogue", MeetingSeries.Level.WORKING, 3),
    ("Trilateral Development and Finance Dialogue", MeetingSeries.Level.WORKING, 3),
]
TOPICS = [
    "DPRK",
    "Maritime security",
    "Economic security",
    "Technology",
    "Ukraine",
    "People-to-people",
    "Energy security",
    "Health security",
    "Climate",
    "Cyber",
    "Space",
    "Supply chains",
    "Development finance",
    "Pacific Islands",
    "Southeast Asia",
    "Humanitarian assistance",
]
COUNTRIES = [
    ("United States", "US"),
    ("Japan", "JP"),
    ("Republic of Korea", "ROK"),
    ("Democratic People's Republic of Korea", "DPRK"),
    ("People's Republic of China", "PRC"),
    ("Russian Federation", "Russia"),
    ("Ukraine", ""),
    ("Philippines", ""),
    ("Australia", ""),
    ("India", ""),
    ("Viet Nam", ""),
    ("Indonesia", ""),
]
ORGANISATIONS = [
    ("UN Security Council", "UNSC"),
    ("Association of Southeast Asian Nations", "ASEAN"),
    ("Pacific Islands Forum", "PIF"),
    ("International Atomic Energy Agency", "IAEA"),
    ("Group of Seven", "G7"),
    ("Trilateral Secretariat", ""),
    ("Minerals Security Partnership", "MSP"),
    ("Multilateral Sanctions Monitoring Team", "MSMT"),
    ("Asia-Pacific Economic Cooperation", "APEC"),
    ("Mekong-U.S. Partnership", ""),
]
FIRST_NAMES = [
    "Kurt", "Yoko", "Cho", "Antony", "Kamikawa", "Park", "Richard", "Takeo", "Kim", "Ely",
    "Hiroshi", "Lee", "Victor", "Masataka", "Chang", "Daniel", "Kenji", "Jung", "Rebecca", "Aiko",
]  # fmt: skip
LAST_NAMES = [
    "Campbell", "Okano", "Tae-yul", "Ratner", "Kaifu", "Jin", "Verma", "Akiba", "Hong-kyun",
    "Kritenbrink", "Moriya", "Sung-han", "Cha", "Funakoshi", "Ho-jin", "Russel", "Suzuki", "Yoon",
    "Ford", "Nakamura",
]  # fmt: skip
TITLES = [
    "Deputy Secretary of State",
    "Vice Minister for Foreign Affairs",
    "First Vice Foreign Minister",
    "Assistant Secretary of Defense for Indo-Pacific Security Affairs",
    "Director General of the Defense Policy Bureau",
    "Deputy Minister for National Defense Policy",
    "National Security Advisor",
    "Chairman of the Joint Chiefs of Staff",
]
PLACES = [
    "Washington, D.C.", "Tokyo", "Seoul", "Camp David", "Lima", "Honolulu", "Jakarta",
    "New York", "Vientiane", "Busan", "Osaka", "Singapore", "Manila", "Brussels",
]  # fmt: skip

# Commitment titles are drawn from adjective x subject x mechanism x qualifier.
ADJECTIVES = [
    "Trilateral", "Joint", "Regional", "Annual", "Expanded", "Enhanced", "Coordinated",
    "Integrated", "Strategic", "Multi-domain", "Resilient", "Secure",
]  # fmt: skip
SUBJECTS = [
    "maritime security", "ballistic missile defense", "missile warning data sharing",
    "cyber security", "critical minerals", "semiconductor supply chain", "quantum technology",
    "artificial intelligence", "space situational awareness", "energy security", "clean energy",
    "nuclear energy", "health security", "pandemic preparedness", "economic coercion response",
    "export control", "sanctions enforcement", "illicit cyber activity countermeasures",
    "humanitarian assistance", "disaster relief", "development finance", "infrastructure investment",
    "coast guard cooperation", "freedom of navigation", "Pacific Islands resilience",
    "Southeast Asia connectivity", "people-to-people exchange", "youth leadership",
    "women's economic empowerment", "digital connectivity", "undersea cable security",
    "critical and emerging technology", "defense industrial cooperation", "military exercise",
    "information sharing", "counterterrorism", "nonproliferation", "Ukraine reconstruction",
    "food security", "climate adaptation", "trade facilitation", "anti-corruption",
    "research security", "standards setting", "biotechnology", "telecommunications",
]  # fmt: skip
MECHANISMS = [
    "dialogue", "framework", "working group", "partnership", "initiative", "mechanism",
    "exercise", "secretariat", "task force", "consultations", "program", "summit",
    "early warning system", "fund", "center", "network", "roadmap", "action plan",
]  # fmt: skip
QUALIFIERS = [
    "", "in the Indo-Pacific", "for the Pacific Islands", "with ASEAN",
    "among defense authorities", "at the vice-ministerial level", "for emerging economies",
    "on the Korean Peninsula", "in Southeast Asia", "with like-minded partners",
    "for the next decade", "across the region",
]  # fmt: skip

# The stage a mention gives, with the words that say so (DOMAIN.md), and how often later mentions
# take each stage; a first mention is usually a pledge.
STAGE_OPENINGS = {
    Stage.PLEDGED: [
        "We commit to establish the {t}",
        "The three countries will launch the {t}",
        "The leaders decided to develop the {t}",
        "The officials instructed their teams to advance the {t}",
        "We will continue discussions on developing the {t}",
    ],
    Stage.IN_PROGRESS: [
        "We welcomed progress on the {t}",
        "The officials highlighted progress in the {t}",
        "We are committed to the work of the {t} and aim to finalize it by next year",
        "The delegations reviewed steps taken under the {t}",
    ],
    Stage.ACHIEVED: [
        "Today, we announce the establishment of the {t}",
        "We applaud the successful launch of the {t}",
        "We welcomed the signing of the {t}",
        "The inaugural meeting of the {t} was held",
    ],
    Stage.REAFFIRMED: [
        "We reaffirm our commitment to the {t}",
        "The officials reiterated their support for the {t}",
        "We remain committed to the {t}",
    ],
    Stage.EXPANDED: [
        "We are expanding the {t}",
        "We will expand trilateral efforts under the {t}",
        "We decided to hold the {t} on an annual basis",
    ],
    Stage.STALLED: [
        "The officials noted delays in the {t}",
        "We acknowledged obstacles to the {t}",
    ],
}
LATER_STAGES = [
    (Stage.REAFFIRMED, 40),
    (Stage.IN_PROGRESS, 25),
    (Stage.ACHIEVED, 12),
    (Stage.EXPANDED, 14),
    (Stage.PLEDGED, 6),
    (Stage.STALLED, 3),
]
CLOSINGS = [
    ".",
    " to promote peace and prosperity in the Indo-Pacific.",
    " in close coordination with our partners.",
    ", building on the spirit of Camp David.",
    " to strengthen our trilateral cooperation.",
    " and look forward to further progress at the next meeting.",
]
FILLER_TEMPLATES = [
    "{a} underscored the importance of {s} for the security of the region.",
    "The three countries discussed {s} and shared assessments of the regional situation.",
    "{a} expressed concern about developments affecting {s}.",
    "The officials exchanged views on {s} and on ways to deepen coordination.",
    "{a} emphasized that cooperation on {s} serves our shared interests.",
]

BUILTIN_SENTENCES = [
    "Japan, the Republic of Korea, and the United States stand united in our dedication to "
    "promote human rights, democracy, security, and prosperity in the Indo-Pacific region.",
    "We remain steadfast in our support for a free and open rules-based international order.",
    "We strongly condemn the DPRK's ballistic missile launches, which violate multiple UN "
    "Security Council resolutions.",
    "The three countries share the goal of the complete denuclearization of the Korean Peninsula.",
    "We oppose any unilateral attempts to change the status quo by force or coercion in the "
    "waters of the Indo-Pacific.",
    "We emphasize the importance of peace and stability across the Taiwan Strait.",
    "Our trilateral partnership is built to last and rests on our shared values.",
    "We discussed ways to strengthen our economic security and the resilience of supply chains.",
]


@dataclass
class Vocabulary:
    topics: list = field(default_factory=lambda: list(TOPICS))
    subjects: list = field(default_factory=lambda: list(SUBJECTS))
    curated_titles: list = field(default_factory=list)
    sentences: list = field(default_factory=lambda: list(BUILTIN_SENTENCES))


def load_vocabulary(corpus_path=None, sources_dir=None):
    """Words to draw from: the curated corpus and source texts when present, else built-ins."""
    base = Path(settings.BASE_DIR) / "fixtures"
    corpus_path = Path(corpus_path) if corpus_path else base / "corpus.yaml"
    sources_dir = Path(sources_dir) if sources_dir else base / "sources"
    vocabulary = Vocabulary()
    if corpus_path.is_file():
        try:
            data = yaml.safe_load(corpus_path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            data = None
        _absorb_corpus(vocabulary, data)
    if sources_dir.is_dir():
        sentences = []
        for path in sorted(sources_dir.glob("*.txt")):
            sentences.extend(source_sentences(path.read_text(encoding="utf-8", errors="replace")))
        if sentences:
            vocabulary.sentences = sorted(set(sentences))
    return vocabulary


def _absorb_corpus(vocabulary, data):
    """Topic names and commitment titles/aliases of the curated corpus, whatever its nesting."""
    if not isinstance(data, dict):
        return
    for topic in data.get("topics") or []:
        name = topic.get("name") if isinstance(topic, dict) else topic
        if isinstance(name, str) and name.strip() and name not in vocabulary.topics:
            vocabulary.topics.append(name.strip())
    for commitment in data.get("commitments") or []:
        if not isinstance(commitment, dict):
            continue
        title = commitment.get("title")
        if isinstance(title, str) and title.strip():
            vocabulary.curated_titles.append(title.strip()[:200])


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def source_sentences(text):
    """Plain sentences of a source text: front matter and short noise lines dropped."""
    text = _FRONT_MATTER.sub("", text)
    paragraphs = re.split(r"\n\s*\n", text)
    sentences = []
    for paragraph in paragraphs:
        flat = " ".join(paragraph.split()).replace("\\", "")
        for sentence in _SENTENCE_END.split(flat):
            words = sentence.split()
            letters = sum(ch.isalpha() for ch in sentence)
            if 8 <= len(words) <= 70 and letters > 0.7 * len(sentence) and sentence[-1] in ".!?":
                sentences.append(sentence)
    return sentences


def mention_count(rng):
    """How many meetings mention a commitment: 1 to 30, skewed toward few (Pareto tail)."""
    return min(MAX_MENTIONS, int(rng.paretovariate(1.0)))


def commitment_title(index, vocabulary):
    """A distinct, plausible title for the index-th synthetic commitment."""
    curated = vocabulary.curated_titles
    if index < len(curated):
        return curated[index]
    rest = index - len(curated)
    subjects = vocabulary.subjects
    sizes = [len(ADJECTIVES), len(subjects), len(MECHANISMS), len(QUALIFIERS)]
    space = math.prod(sizes)
    # A fixed stride coprime with the space scatters consecutive indexes over all the words.
    position = (rest * 7919) % space
    adjective, position = ADJECTIVES[position % sizes[0]], position // sizes[0]
    subject, position = subjects[position % sizes[1]], position // sizes[1]
    mechanism, position = MECHANISMS[position % sizes[2]], position // sizes[2]
    qualifier = QUALIFIERS[position % sizes[3]]
    title = f"{adjective} {subject} {mechanism}"
    if qualifier:
        title = f"{title} {qualifier}"
    if rest >= space:
        title = f"{title} (phase {rest // space + 1})"
    return title


def acronym(title):
    return "".join(word[0] for word in re.findall(r"[A-Za-z][\w'-]*", title)).upper()

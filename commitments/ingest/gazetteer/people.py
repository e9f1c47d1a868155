"""The people who met for the three countries in 2021-2025, with the spellings texts give them.

A person's `name` is the one US government texts use (family name first for Japanese and
Korean officials, as those texts write them); `aliases` are the other spellings in English,
Korean and Japanese. `surname` reads "<title> <surname>" ("Secretary Blinken", "Foreign Minister
Cho"); where a surname is shared, the meeting's date picks the one in office (`served`, years).
"""

from dataclasses import dataclass

US, JAPAN, ROK = "United States", "Japan", "Republic of Korea"


@dataclass(frozen=True)
class KnownPerson:
    name: str
    country: str
    office: str
    surname: str
    served: tuple  # (first year, last year or None)
    aliases: tuple = ()
    local_surnames: tuple = ()  # the family name in kanji, read before a title ("木原防衛大臣")

    @property
    def names(self):
        return (self.name, *self.aliases)

    def served_on(self, date):
        first, last = self.served
        return first <= date.year <= (last or date.year)


def _person(name, country, office, surname, served, *aliases):
    return KnownPerson(name, country, office, surname, served, aliases, _kanji_surname(aliases))


# Family names of the Japanese officials, as Japanese texts write them.
KANJI_SURNAMES = {
    "岸田文雄": "岸田",
    "石破茂": "石破",
    "高市早苗": "高市",
    "林芳正": "林",
    "上川陽子": "上川",
    "岩屋毅": "岩屋",
    "茂木敏充": "茂木",
    "岸信夫": "岸",
    "浜田靖一": "浜田",
    "木原稔": "木原",
    "中谷元": "中谷",
    "小泉進次郎": "小泉",
    "森健良": "森",
    "岡野正敬": "岡野",
    "船越健裕": "船越",
    "山崎幸二": "山崎",
    "吉田圭秀": "吉田",
    "内倉浩昭": "内倉",
}


def _kanji_surname(aliases):
    return tuple(KANJI_SURNAMES[alias] for alias in aliases if alias in KANJI_SURNAMES)


PRESIDENT, PM = "President", "Prime Minister"
SECSTATE, DEPSEC = "Secretary of State", "Deputy Secretary of State"
SECDEF, CJCS = "Secretary of Defense", "Chairman of the Joint Chiefs of Staff"
JA_FM, JA_DM, JA_VFM = (
    "Minister for Foreign Affairs",
    "Minister of Defense",
    "Vice Minister for Foreign Affairs",
)
KO_FM, KO_DM, KO_VFM = (
    "Minister of Foreign Affairs",
    "Minister of National Defense",
    "First Vice Minister of Foreign Affairs",
)

PEOPLE = [
    # -- United States ------------------------------------------------------------------------
    _person(
        "Joseph R. Biden Jr.", US, PRESIDENT, "Biden", (2021, 2025),
        "Joseph R. Biden, Jr.", "Joseph R. Biden", "Joseph Biden", "Joe Biden", "President Biden",
        "조 바이든", "바이든", "ジョー・バイデン", "バイデン",
    ),
    _person(
        "Donald J. Trump", US, PRESIDENT, "Trump", (2025, None),
        "Donald Trump", "President Trump", "도널드 트럼프", "트럼프", "ドナルド・トランプ", "トランプ",
    ),
    _person(
        "Antony J. Blinken", US, SECSTATE, "Blinken", (2021, 2025),
        "Antony Blinken", "Tony Blinken", "Secretary Blinken", "토니 블링컨", "블링컨",
        "アントニー・ブリンケン", "ブリンケン",
    ),
    _person(
        "Marco Rubio", US, SECSTATE, "Rubio", (2025, None),
        "Secretary Rubio", "마코 루비오", "루비오", "マルコ・ルビオ", "ルビオ",
    ),
    _person(
        "Wendy R. Sherman", US, DEPSEC, "Sherman", (2021, 2023),
        "Wendy Sherman", "웬디 셔먼", "셔먼", "ウェンディ・シャーマン",
    ),
    _person(
        "Kurt M. Campbell", US, DEPSEC, "Campbell", (2024, 2025),
        "Kurt Campbell", "커트 캠벨", "캠벨", "カート・キャンベル", "キャンベル",
    ),
    _person(
        "Christopher Landau", US, DEPSEC, "Landau", (2025, None),
        "크리스토퍼 랜다우", "랜다우", "クリストファー・ランドー", "ランドー",
    ),
    _person(
        "Lloyd J. Austin III", US, SECDEF, "Austin", (2021, 2025),
        "Lloyd J. Austin", "Lloyd Austin", "Lloyd Austin III", "Secretary Austin",
        "로이드 오스틴", "오스틴", "ロイド・オースティン", "オースティン",
    ),
    _person(
        "Pete Hegseth", US, SECDEF, "Hegseth", (2025, None),
        "Peter Hegseth", "Secretary Hegseth", "피트 헤그세스", "헤그세스", "ヘグセス",
    ),
    _person("Mark A. Milley", US, CJCS, "Milley", (2019, 2023), "Mark Milley", "마크 밀리"),
    _person(
        "Charles Q. Brown Jr.", US, CJCS, "Brown", (2023, 2025),
        "CQ Brown Jr.", "CQ Brown, Jr.", "CQ Brown", "C.Q. Brown", "Charles Q. Brown",
        "Charles Brown",
    ),
    _person("Dan Caine", US, CJCS, "Caine", (2025, None), "Daniel Caine", "John D. Caine"),
    _person(
        "Daniel J. Kritenbrink", US,
        "Assistant Secretary of State for East Asian and Pacific Affairs", "Kritenbrink",
        (2021, 2025), "Daniel Kritenbrink",
    ),
    _person(
        "Ely Ratner", US, "Assistant Secretary of Defense for Indo-Pacific Security Affairs",
        "Ratner", (2021, 2025),
    ),
    _person(
        "Jake Sullivan", US, "National Security Advisor", "Sullivan", (2021, 2025),
        "제이크 설리번", "설리번", "ジェイク・サリバン",
    ),
    # -- Japan --------------------------------------------------------------------------------
    _person(
        "Kishida Fumio", JAPAN, PM, "Kishida", (2021, 2024),
        "Fumio Kishida", "KISHIDA Fumio", "Prime Minister Kishida", "기시다 후미오", "기시다",
        "岸田文雄", "岸田",
    ),
    _person(
        "Ishiba Shigeru", JAPAN, PM, "Ishiba", (2024, 2025),
        "Shigeru Ishiba", "ISHIBA Shigeru", "이시바 시게루", "이시바", "石破茂", "石破",
    ),
    _person(
        "Takaichi Sanae", JAPAN, PM, "Takaichi", (2025, None),
        "Sanae Takaichi", "TAKAICHI Sanae", "다카이치 사나에", "다카이치", "高市早苗",
    ),
    _person(
        "Hayashi Yoshimasa", JAPAN, JA_FM, "Hayashi", (2021, 2023),
        "Yoshimasa Hayashi", "HAYASHI Yoshimasa", "하야시 요시마사", "林芳正",
    ),
    _person(
        "Kamikawa Yoko", JAPAN, JA_FM, "Kamikawa", (2023, 2024),
        "Yoko Kamikawa", "KAMIKAWA Yoko", "가미카와 요코", "上川陽子",
    ),
    _person(
        "Iwaya Takeshi", JAPAN, JA_FM, "Iwaya", (2024, 2025),
        "Takeshi Iwaya", "IWAYA Takeshi", "이와야 다케시", "岩屋毅",
    ),
    _person(
        "Motegi Toshimitsu", JAPAN, JA_FM, "Motegi", (2025, None),
        "Toshimitsu Motegi", "MOTEGI Toshimitsu", "모테기 도시미쓰", "茂木敏充",
    ),
    _person(
        "Kishi Nobuo", JAPAN, JA_DM, "Kishi", (2020, 2022),
        "Nobuo Kishi", "기시 노부오", "岸信夫",
    ),
    _person(
        "Hamada Yasukazu", JAPAN, JA_DM, "Hamada", (2022, 2023),
        "Yasukazu Hamada", "하마다 야스카즈", "浜田靖一",
    ),
    _person(
        "Kihara Minoru", JAPAN, JA_DM, "Kihara", (2023, 2024),
        "Minoru Kihara", "KIHARA Minoru", "기하라 미노루", "木原稔",
    ),
    _person(
        "Nakatani Gen", JAPAN, JA_DM, "Nakatani", (2024, 2025),
        "Gen Nakatani", "NAKATANI Gen", "나카타니 겐", "中谷元",
    ),
    _person(
        "Koizumi Shinjiro", JAPAN, JA_DM, "Koizumi", (2025, None),
        "Shinjiro Koizumi", "고이즈미 신지로", "小泉進次郎",
    ),
    _person(
        "Mori Takeo", JAPAN, JA_VFM, "Mori", (2021, 2023),
        "Takeo Mori", "MORI Takeo", "모리 다케오", "森健良",
    ),
    _person(
        "Okano Masataka", JAPAN, JA_VFM, "Okano", (2023, 2024),
        "Masataka Okano", "OKANO Masataka", "오카노 마사타카", "岡野正敬",
    ),
    _person(
        "Funakoshi Takehiro", JAPAN, JA_VFM, "Funakoshi", (2025, None),
        "Takehiro Funakoshi", "FUNAKOSHI Takehiro", "후나코시 다케히로", "船越健裕",
    ),
    _person(
        "Yamazaki Koji", JAPAN, "Chief of Staff, Joint Staff", "Yamazaki", (2019, 2023),
        "Koji Yamazaki", "山崎幸二",
    ),
    _person(
        "Yoshida Yoshihide", JAPAN, "Chief of Staff, Joint Staff", "Yoshida", (2023, 2025),
        "Yoshihide Yoshida", "YOSHIDA Yoshihide", "요시다 요시히데", "吉田圭秀",
    ),
    _person(
        "Uchikura Hiroaki", JAPAN, "Chief of Staff, Joint Staff", "Uchikura", (2025, None),
        "Hiroaki Uchikura", "内倉浩昭",
    ),
    _person(
        "Kano Koji", JAPAN, "Director General for Defense Policy", "Kano", (2023, 2024),
        "Koji Kano",
    ),
    _person(
        "Masuda Kazuo", JAPAN, "Director General for Defense Policy", "Masuda", (2022, 2023),
        "Kazuo Masuda",
    ),
    _person(
        "Takamura Yasuo", JAPAN, "Councillor, Cabinet Secretariat", "Takamura", (2023, 2024),
        "Yasuo Takamura",
    ),
    # -- Republic of Korea --------------------------------------------------------------------
    _person(
        "Yoon Suk Yeol", ROK, PRESIDENT, "Yoon", (2022, 2025),
        "Yoon Suk-yeol", "Yoon Suk-Yeol", "Yoon Seok-yeol", "Yoon Seok Yeol", "President Yoon",
        "윤석열", "尹錫悦", "ユン・ソンニョル",
    ),
    _person(
        "Lee Jae-myung", ROK, PRESIDENT, "Lee", (2025, None),
        "Lee Jae Myung", "Lee Jae-Myung", "이재명", "李在明", "イ・ジェミョン",
    ),
    _person(
        "Moon Jae-in", ROK, PRESIDENT, "Moon", (2017, 2022),
        "Moon Jae In", "문재인", "文在寅", "ムン・ジェイン",
    ),
    _person(
        "Chung Eui-yong", ROK, KO_FM, "Chung", (2021, 2022),
        "Chung Eui-Yong", "Chung Eui Yong", "정의용", "鄭義溶",
    ),
    _person("Park Jin", ROK, KO_FM, "Park", (2022, 2024), "박진", "朴振", "パク・チン"),
    _person(
        "Cho Tae-yul", ROK, KO_FM, "Cho", (2024, 2025),
        "Cho Tae-Yul", "Cho Tae Yul", "Cho Taeyul", "조태열", "趙兌烈", "チョ・テヨル",
    ),
    _person("Cho Hyun", ROK, KO_FM, "Cho", (2025, None), "조현", "趙顕", "チョ・ヒョン"),
    _person(
        "Lee Jong-sup", ROK, KO_DM, "Lee", (2022, 2023),
        "Lee Jong-Sup", "Lee Jong Sup", "이종섭", "李鐘燮",
    ),
    _person(
        "Shin Won-sik", ROK, KO_DM, "Shin", (2023, 2024),
        "Shin Wonsik", "Shin Won-Sik", "Shin Won Sik", "신원식", "申源湜",
    ),
    _person(
        "Kim Yong-hyun", ROK, KO_DM, "Kim", (2024, 2024),
        "Kim Yong-Hyun", "Kim Yong Hyun", "김용현", "金龍顕",
    ),
    _person(
        "Ahn Gyu-back", ROK, KO_DM, "Ahn", (2025, None),
        "Ahn Gyu-Back", "Ahn Gyu Back", "안규백", "安圭伯",
    ),
    _person(
        "Choi Jong-kun", ROK, KO_VFM, "Choi", (2019, 2022),
        "Choi Jong Kun", "Choi Jong-Kun", "최종건", "崔鍾建",
    ),
    _person(
        "Cho Hyun-dong", ROK, KO_VFM, "Cho", (2022, 2023),
        "Cho Hyundong", "Cho Hyun-Dong", "Cho Hyun Dong", "조현동", "趙賢東",
    ),
    _person(
        "Chang Ho-jin", ROK, KO_VFM, "Chang", (2023, 2024),
        "Chang Ho-Jin", "Chang Ho Jin", "장호진", "張虎鎮",
    ),
    _person(
        "Kim Hong Kyun", ROK, KO_VFM, "Kim", (2024, 2025),
        "Kim Hong-kyun", "Kim Hong-Kyun", "김홍균", "金洪均",
    ),
    _person(
        "Park Yoon-joo", ROK, KO_VFM, "Park", (2025, None),
        "Park Yoonjoo", "Park Yoon Joo", "Park Yoon-Joo", "박윤주", "朴潤柱",
    ),
    _person(
        "Kim Seung-kyum", ROK, CJCS, "Kim", (2022, 2023),
        "Kim Seung-Kyum", "Kim Seung Kyum", "김승겸",
    ),
    _person(
        "Kim Myung-soo", ROK, CJCS, "Kim", (2023, 2025),
        "Kim Myung Soo", "Kim Myung-Soo", "Kim Myungsoo", "김명수",
    ),
    _person("Jin Yong-sung", ROK, CJCS, "Jin", (2025, None), "Jin Yong Sung", "진영승"),
    _person(
        "Cho Chang-rae", ROK, "Deputy Minister for National Defense Policy", "Cho", (2023, 2025),
        "Cho Chang-Rae", "Cho Chang Rae", "조창래",
    ),
    _person(
        "Chung Byung-won", ROK, "Deputy Minister for Political Affairs", "Chung", (2023, 2025),
        "Chung Byung-Won", "Chung Byung Won", "정병원",
    ),
    _person(
        "Wang Yun-jong", ROK, "Secretary to the President for Economic Security", "Wang",
        (2022, 2024), "Wang Yun Jong", "왕윤종",
    ),
]  # fmt: skip

# Words official titles are made of: the rest of a "<title> <name>" phrase is the name.
_TITLE_WORDS = """
    minister ministers secretary secretaries deputy vice director directors general assistant
    chief chiefs president prime ambassador under foreign affairs defense defence national policy
    state security indo-pacific asia asian pacific east and of for the senior special
    representative envoy counselor counsellor spokesperson chairman chair chairperson joint staff
    staffs commander forces international economic political bureau department office principal
    acting administrator cabinet council advisor adviser executive legal plans operations strategy
    strategic first second third 1st 2nd 3rd 4th trade industry finance treasury commerce
    diplomatic ministry ministries agency director-general
"""
TITLE_WORDS = set(_TITLE_WORDS.split())

# Titles that only one of the governments uses, for participants named without their country.
NATIONAL_TITLES = [
    (
        r"\bsecretary of (?:state|defen[cs]e|war|the treasury|commerce|energy|homeland security)\b"
        r"|\bunder secretary of\b|\bassistant to the president\b",
        US,
    ),
]


def _by_alias():
    found = {}
    for person in PEOPLE:
        for alias in person.names:
            found.setdefault(alias, person)
    return found


_ALIASES = _by_alias()


def people_by_alias():
    """{alias: KnownPerson} for every spelling of every known person."""
    return _ALIASES

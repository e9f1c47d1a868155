"""A meeting still to come gives no place; the country a statement is about is no party to it.
Statements written for these tests (not the five source texts)."""

from commitments.ingest import parse_source

DPRK = "Democratic People's Republic of Korea"

NO_OPENING_NAMES = """Joint Statement of the 18th Defense Trilateral Talks

The 18th Defense Trilateral Talks were held on March 3, 2026. The delegations condemned the DPRK's \
missile launches and welcomed Japan's hosting of the next trilateral exercise.

The three sides decided to expand trilateral information sharing and to deepen cooperation on \
maritime security.
"""

NEXT_MEETING_ONLY = """Joint Press Statement on the Trilateral Chiefs of Defense Meeting

The Chiefs of Defense of Japan, the Republic of Korea and the United States reviewed progress in \
trilateral exercises on April 2, 2026 and condemned the DPRK's launches.

The Chiefs agreed to hold the next Trilateral Chiefs of Defense Meeting in Seoul later this year.
"""

MET_AND_NEXT = """Joint Statement of the Trilateral Foreign Ministers' Meeting

The Foreign Ministers of Japan, the Republic of Korea and the United States met in Honolulu on \
May 4, 2026 and agreed to hold their next meeting in Seoul in the autumn.

The Ministers reaffirmed their commitment to the complete denuclearization of the DPRK and to \
trilateral cooperation on economic security.
"""


def test_the_first_paragraph_fallback_never_makes_the_dprk_a_party():
    result = parse_source(NO_OPENING_NAMES.encode(), "dtt.txt")
    assert result.ok, result.errors
    assert DPRK not in result.metadata.parties
    assert "Japan" in result.metadata.parties


def test_the_place_of_the_next_meeting_is_not_the_place_of_this_one():
    result = parse_source(NEXT_MEETING_ONLY.encode(), "chods.txt")
    assert result.ok, result.errors
    assert result.metadata.place == ""
    assert "No place found." in result.metadata.warnings


def test_a_sentence_that_met_somewhere_and_plans_the_next_meeting_gives_where_they_met():
    result = parse_source(MET_AND_NEXT.encode(), "fm.txt")
    assert result.ok, result.errors
    assert result.metadata.place == "Honolulu"
    assert DPRK not in result.metadata.parties


JAPANESE_TRILATERAL = """日米韓外相会合 共同声明
2025年3月1日
上川外務大臣、ブリンケン米国務長官及び趙兌烈韓国外交部長官は、2025年3月1日、東京において日米韓外相会合を開催した。

三者は、北朝鮮による弾道ミサイルの発射を強く非難し、日米韓の安全保障協力を一層強化していくことで一致した。

三者は、インド太平洋地域の平和と安定のため、海洋安全保障、経済安全保障及びサイバー分野における協力を更に深めていくことを確認した。

三者は、北朝鮮の完全な非核化に向けた国際社会の取組を主導していく決意を改めて表明した。
"""


def test_a_japanese_compound_of_country_letters_names_every_party():
    result = parse_source(JAPANESE_TRILATERAL.encode(), "ja.txt")
    assert result.ok, result.errors
    assert sorted(result.metadata.parties) == ["Japan", "Republic of Korea", "United States"]
    assert DPRK not in result.metadata.parties

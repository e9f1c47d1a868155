"""What makes suggestions hold up on other meetings' texts: names of countries and bodies, names
written out whole or inside longer names, cited resolutions, other occurrences of a series,
Japanese and Korean texts, several commitments in one clause; titles of whole phrases."""

import pytest

from commitments.models import Mention, Stage
from commitments.suggest import propose_title, rank_commitments, suggest_for_statement
from commitments.suggest.text import carries_commitment, propose_stage, stem, terms
from tests.suggest.test_suggest import known_commitment, new_statement, suggested

# --- The text side (no database) -----------------------------------------------------------------


def test_a_country_is_one_term_whatever_it_is_called():
    assert terms("North Korea's missiles") == terms("the DPRK's missiles") == ["dprk", "missil"]
    assert "dprk" in terms("North Korean actors")
    assert terms("UN Security Council resolutions") == terms("UNSC resolutions")


def test_a_word_and_its_inflections_share_a_stem():
    assert stem("denuclearizing") == stem("denuclearization") == stem("denuclearize")
    assert stem("ministerial") == stem("ministers")
    assert stem("held") == stem("holding")


def test_japanese_and_korean_words_read_as_the_english_ones():
    japanese = "北朝鮮の完全な非核化に向けての三か国のコミットメントを再確認しました。"
    assert {"dprk", "denuclear"} <= set(terms(japanese))
    assert carries_commitment(japanese)
    assert propose_stage(japanese) == Stage.REAFFIRMED
    korean = "이들은 삼자 파트너십에 대한 의지를 재확인했다."
    assert {"trilater", "partner", "reaffirm"} <= set(terms(korean))


def test_meetings_reported_held_carry_a_commitment():
    assert carries_commitment("The ministers convened a Trilateral Ministerial Meeting in Tokyo.")
    assert carries_commitment("They conducted a tabletop exercise in Seoul.")


@pytest.mark.parametrize(
    ("clause", "title"),
    [
        (
            "They decided to share information on illicit ship-to-ship transfers and maritime "
            "activities of the DPRK in the East China Sea.",
            "Share information on illicit ship-to-ship transfers and maritime activities of the "
            "DPRK",
        ),
        (
            "The leaders decided to establish a trilateral working group to share information on "
            "illicit maritime activities in the region and beyond, and to coordinate responses.",
            "Trilateral working group to share information on illicit maritime activities",
        ),
    ],
)
def test_a_proposed_title_is_made_of_whole_phrases(clause, title):
    assert propose_title(clause) == title


# --- The engine on the database --------------------------------------------------------------------


def commitment(title, clause, aliases=(), stage=Stage.REAFFIRMED):
    return known_commitment(title, clause, aliases=aliases, stage=stage)


def suggestions_for(text):
    _, (clause,) = new_statement(text)
    suggest_for_statement(clause.statement)
    return clause, suggested(clause)


@pytest.fixture
def corpus(db):
    return {
        "partnership": commitment(
            "A trilateral partnership built to last",
            "Our trilateral partnership is essential to the security of the region.",
            aliases=["trilateral partnership"],
        ),
        "dprk_russia": commitment(
            "Oppose DPRK-Russia military cooperation and arms transfers",
            "We shared concerns about deepening military cooperation between DPRK and Russia.",
        ),
        "unsc": commitment(
            "Full implementation of DPRK-related UNSC resolutions",
            "We commit to respond firmly to violations and evasions of UNSC resolutions.",
            aliases=["UNSC resolutions"],
        ),
        "launches": commitment(
            "Condemn DPRK ballistic missile launches",
            "We strongly condemned the DPRK's recent ballistic missile launches.",
        ),
        "economic": commitment(
            "Deepen economic security coordination",
            "We will deepen close cooperation on economic security.",
            aliases=["economic security"],
        ),
        "dtt15": commitment(
            "Hold the 15th Defense Trilateral Talks later in 2024",
            "They agreed to hold the 15th Defense Trilateral Talks later this year in the ROK.",
            aliases=["15th DTT", "15th Defense Trilateral Talks"],
            stage=Stage.PLEDGED,
        ),
        "denuclearization": commitment(
            "Complete denuclearization of the Korean Peninsula",
            "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
        ),
        "abductions": commitment(
            "Immediate resolution of the abductions issue",
            "We call for the immediate resolution of the abductions issue.",
        ),
    }


def test_a_name_of_common_words_written_out_whole_is_suggested(corpus):
    _, found = suggestions_for(
        "On Friday, the officials gathered in Tokyo, reaffirming their trilateral partnership."
    )
    assert corpus["partnership"].id in found


def test_another_name_of_a_country_finds_the_commitment(corpus):
    clause, found = suggestions_for(
        "They reaffirmed that they would work closely together on the advancement of "
        "Russia-North Korea military cooperation."
    )
    mention = found[corpus["dprk_russia"].id]
    assert "North Korea military cooperation" in clause.text[mention.span_start : mention.span_end]


def test_resolutions_cited_as_the_measure_of_a_launch_are_not_their_enforcement(corpus):
    _, found = suggestions_for(
        "We strongly condemned the DPRK's ballistic missile launches, in violation of multiple "
        "UNSC resolutions."
    )
    assert corpus["launches"].id in found
    assert corpus["unsc"].id not in found


def test_words_starting_a_longer_proper_name_do_not_name_the_commitment(corpus):
    _, found = suggestions_for(
        "We commend the Trilateral Economic Security Dialogue for its successful first meeting."
    )
    assert corpus["economic"].id not in found


def test_another_occurrence_of_a_series_is_not_the_one_pledged(corpus):
    _, found = suggestions_for(
        "They agreed to hold the 16th Defense Trilateral Talks next year in Japan."
    )
    assert corpus["dtt15"].id not in found


def test_the_occurrence_pledged_reported_held_is_achieved(corpus):
    _, found = suggestions_for("The three sides convened the 15th Defense Trilateral Talks.")
    assert found[corpus["dtt15"].id].stage == Stage.ACHIEVED


def test_a_clause_naming_several_commitments_gets_each(corpus):
    _, found = suggestions_for(
        "The group reaffirmed the complete denuclearization of the Korean Peninsula, opposed "
        "DPRK-Russia military cooperation, and called for the immediate resolution of the "
        "abductions issue."
    )
    for key in ("denuclearization", "dprk_russia", "abductions"):
        assert corpus[key].id in found, key


def test_a_japanese_summary_gets_suggestions_with_the_japanese_words_marked(corpus):
    clause, found = suggestions_for(
        "三者は、北朝鮮の完全な非核化に向けての三か国のコミットメントを再確認しました。"
    )
    mention = found[corpus["denuclearization"].id]
    assert "非核化" in clause.text[mention.span_start : mention.span_end]
    assert mention.stage == Stage.REAFFIRMED
    assert mention.review == Mention.Review.PENDING


def test_selected_words_rank_the_commitment_they_name_first(corpus):
    ranked = rank_commitments("the complete denuclearization of the Korean Peninsula")
    assert ranked[0][0] == corpus["denuclearization"].id

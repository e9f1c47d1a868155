import datetime

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from commitments.models import Commitment, CommitmentAlias, CommitmentTerm, Mention, Stage
from commitments.suggest import (
    analyze_clause,
    carries_commitment,
    propose_stage,
    propose_title,
    rebuild_index,
    suggest_for_statement,
)
from commitments.suggest.text import acronym_definitions, stem, terms
from tests.builders import (
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_statement,
)

# --- The text side (no database) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We commit to respond firmly to violations of UNSC resolutions.",
        "They pledged to continue coordination toward denuclearization.",
        "We reaffirm the importance of maintaining peace and stability.",
        "They decided to develop a trilateral framework.",
        "They agreed to hold the 15th Defense Trilateral Talks later this year.",
        "Today, we announce the establishment of the Trilateral Secretariat.",
        "We welcome the progress made by the RISE partnership.",
        "We applaud the successful first Youth Summit.",
        "We look forward to the next convening.",
        "This new secretariat will seek to ensure our objectives align.",
        "We remain committed to a free and open Indo-Pacific.",
        "committed continued collaboration at Security Council UN General Assembly",
        "instructed teams expeditiously develop parameters trilateral coordinating mechanism",
    ],
)
def test_commitment_cues_are_recognised(text):
    assert carries_commitment(text)


@pytest.mark.parametrize(
    "text",
    [
        "We strongly condemn violations of multiple UNSC resolutions by the DPRK and Russia.",
        "We express grave concern over the DPRK's illicit revenue generation methods.",
        "The officials exchanged assessments of the security environment.",
    ],
)
def test_condemnation_or_concern_alone_carries_no_commitment(text):
    assert not carries_commitment(text)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("We commit to develop a trilateral framework on technology.", Stage.PLEDGED),
        ("They decided to develop a trilateral framework.", Stage.PLEDGED),
        ("The ministers instructed teams to draft parameters for a mechanism.", Stage.PLEDGED),
        ("We will hold the next meeting in Seoul.", Stage.PLEDGED),
        ("They welcomed progress on establishing an annual exercise.", Stage.IN_PROGRESS),
        ("They highlighted progress in devising a coordinating mechanism.", Stage.IN_PROGRESS),
        ("We aim to finalize the mechanism by the next summit.", Stage.IN_PROGRESS),
        ("We are committed to the work of the new Sanctions Monitoring Team.", Stage.IN_PROGRESS),
        ("We hail the successful launch of the Technology Leaders Program.", Stage.ACHIEVED),
        ("They applauded the inaugural Freedom Edge exercise.", Stage.ACHIEVED),
        ("Today, we announce the establishment of the Trilateral Secretariat.", Stage.ACHIEVED),
        ("We welcome the signing of the Memorandum of Cooperation.", Stage.ACHIEVED),
        ("We reaffirm our commitment to complete denuclearization.", Stage.REAFFIRMED),
        ("The Deputy Secretary reiterated that U.S. commitments are ironclad.", Stage.REAFFIRMED),
        ("We remain committed to a free and open Indo-Pacific.", Stage.REAFFIRMED),
        ("Our cooperation is expanding to annual ministerial meetings.", Stage.EXPANDED),
        ("We are expanding trilateral development assistance.", Stage.EXPANDED),
        ("The launch of the program was delayed by funding obstacles.", Stage.STALLED),
    ],
)
def test_stage_is_proposed_from_typical_wording(text, stage):
    assert propose_stage(text) == stage


def test_stage_for_a_span_follows_the_nearest_cue():
    text = (
        "We reaffirm our longstanding commitment to women's economic empowerment, including "
        "through the upcoming 2024 Women's Economic Empowerment Conference."
    )
    conference = text.index("2024 Women")
    empowerment = text.index("women's economic")
    assert propose_stage(text, (conference, len(text) - 1)) == Stage.IN_PROGRESS
    assert propose_stage(text, (empowerment, empowerment + 26)) == Stage.REAFFIRMED


def test_stemming_makes_inflections_and_derivations_meet():
    assert stem("committed") == stem("commitment") == stem("commits") == "commit"
    assert stem("institutionalize") == stem("institutionalise") == stem("institution")
    assert stem("cooperation") == stem("cooperating") == stem("cooperate")


def test_terms_drop_stop_words_and_keep_acronyms_whole():
    assert terms("We reaffirm the Tri-CHOD and UNSCRs") == ["reaffirm", "trichod", "unscr"]


def test_acronym_definitions_are_read_from_the_text():
    text = (
        "the Minerals Security Partnership (MSP), the Trilateral Chiefs of Defense (Tri-CHOD) and "
        "the Multilateral Sanctions Monitoring Team (MSMT), and the Democratic People's Republic "
        "of Korea's (DPRK) programs"
    )
    found = acronym_definitions(text)
    assert found["msp"] == "Minerals Security Partnership"
    assert found["trichod"] == "Trilateral Chiefs of Defense"
    assert found["msmt"] == "Multilateral Sanctions Monitoring Team"
    assert found["dprk"] == "Democratic People Republic of Korea"


def test_proposed_title_is_the_object_of_the_promise():
    text = "We commit to develop a trilateral framework on quantum cooperation, including research."
    assert propose_title(text) == "Trilateral framework on quantum cooperation"


@given(st.text(max_size=300), st.integers(0, 300), st.integers(0, 300))
def test_the_text_rules_never_fail_on_arbitrary_text(text, a, b):
    start, end = sorted((a % (len(text) + 1), b % (len(text) + 1)))
    assert isinstance(carries_commitment(text), bool)
    assert propose_stage(text) in Stage.values
    assert propose_stage(text, (start, end)) in Stage.values
    assert len(propose_title(text)) <= 300
    acronym_definitions(text)
    analyze_clause(text, {"msp": "Minerals Security Partnership"})


# --- The engine on the database --------------------------------------------------------------------


def known_commitment(title, clause_text, aliases=(), stage=Stage.PLEDGED):
    """A commitment with one accepted mention at an earlier meeting, indexed."""
    commitment = make_commitment(title)
    for alias in aliases:
        CommitmentAlias.objects.create(commitment=commitment, name=alias)
    statement = make_statement(body=clause_text)
    make_mention(make_clause(statement, clause_text), commitment, stage=stage)
    return commitment


def new_statement(*clause_texts, meeting=None, **fields):
    body = " ".join(clause_texts)
    statement = make_statement(meeting=meeting or make_meeting(), body=body, **fields)
    clauses = [make_clause(statement, text) for text in clause_texts]
    return statement, clauses


def suggested(clause):
    return {
        m.commitment_id: m
        for m in Mention.objects.filter(clause=clause, origin=Mention.Origin.SUGGESTED)
    }


@pytest.fixture
def corpus(db):
    return {
        "maritime": known_commitment(
            "Trilateral Maritime Security Cooperation Framework",
            "We committed to continuing our discussions on developing a Trilateral Maritime "
            "Security Cooperation Framework to address challenges in maritime domains.",
        ),
        "msp": known_commitment(
            "Minerals Security Partnership",
            "Japan and the United States welcome the ROK's chairmanship of the Minerals Security "
            "Partnership and will accelerate its projects on critical minerals supply chains.",
            aliases=["MSP"],
        ),
        "secretariat": known_commitment(
            "Trilateral coordinating mechanism (Trilateral Secretariat)",
            "Today, we announce the establishment of the Trilateral Secretariat responsible for "
            "coordinating and implementing our shared commitments.",
            stage=Stage.ACHIEVED,
        ),
        "youth": known_commitment(
            "Trilateral Global Leadership Youth Summit",
            "We applaud the successful first Trilateral Global Leadership Youth Summit this year "
            "and look forward to the 2025 Youth Summit in Japan.",
        ),
        "denuclearization": known_commitment(
            "Complete denuclearization of the Korean Peninsula",
            "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
            stage=Stage.REAFFIRMED,
        ),
    }


def test_a_paraphrase_of_an_existing_commitment_is_suggested(corpus):
    _, (clause,) = new_statement(
        "The officials pledged to keep working toward the full denuclearization of the Korean "
        "peninsula in line with Security Council resolutions."
    )
    suggest_for_statement(clause.statement)
    mention = suggested(clause)[corpus["denuclearization"].id]
    assert mention.review == Mention.Review.PENDING
    assert 0 < mention.score <= 1
    assert "denuclearization of the Korean" in clause.text[mention.span_start : mention.span_end]


def test_an_acronym_finds_the_commitment_named_in_full(corpus):
    _, (clause,) = new_statement(
        "They committed to closely cooperate towards accelerating MSP projects."
    )
    suggest_for_statement(clause.statement)
    mention = suggested(clause)[corpus["msp"].id]
    assert clause.text[mention.span_start : mention.span_end] == "MSP"


def test_an_acronym_defined_in_the_statement_finds_the_commitment(db):
    youth = known_commitment(
        "Young Trilateral Leaders program",
        "We support the newly launched Young Trilateral Leaders program for young people.",
    )
    statement, (_, clause) = new_statement(
        "They welcomed the Young Trilateral Leaders (YTL) initiative.",
        "They committed to expand YTL exchanges next year.",
    )
    suggest_for_statement(statement)
    assert youth.id in suggested(clause)


def test_an_expansion_finds_the_commitment_known_by_its_acronym(db):
    tmm = known_commitment("TMM", "They agreed to institutionalize the TMM.")
    _, (clause,) = new_statement("We will hold the Trilateral Ministerial Meeting annually.")
    suggest_for_statement(clause.statement)
    mention = suggested(clause)[tmm.id]
    assert clause.text[mention.span_start : mention.span_end] == "Trilateral Ministerial Meeting"


def test_a_telegraphic_sentence_with_words_missing_is_matched(corpus):
    _, (clause,) = new_statement(
        "Building progress made under trilateral framework instructed teams expeditiously develop "
        "parameters trilateral coordinating mechanism further institutionalize cooperation."
    )
    suggest_for_statement(clause.statement)
    clause.refresh_from_db()
    assert clause.carries_commitment
    mention = suggested(clause)[corpus["secretariat"].id]
    assert "coordinating mechanism" in clause.text[mention.span_start : mention.span_end]


def test_a_promise_of_a_commitment_known_from_an_earlier_meeting_is_a_reaffirmation(corpus):
    _, (clause,) = new_statement(
        "We commit to the complete denuclearization of the Korean Peninsula."
    )
    suggest_for_statement(clause.statement)
    assert suggested(clause)[corpus["denuclearization"].id].stage == Stage.REAFFIRMED


def test_a_promise_of_a_commitment_known_only_from_later_meetings_is_a_pledge(corpus):
    earlier = make_meeting(start_date=datetime.date(2020, 1, 1))
    _, (clause,) = new_statement(
        "We commit to the complete denuclearization of the Korean Peninsula.", meeting=earlier
    )
    suggest_for_statement(clause.statement)
    assert suggested(clause)[corpus["denuclearization"].id].stage == Stage.PLEDGED


def test_a_clause_matching_nothing_proposes_a_new_commitment(corpus):
    _, (clause,) = new_statement(
        "We commit to launch a joint lunar exploration initiative with our space agencies."
    )
    suggest_for_statement(clause.statement)
    clause.refresh_from_db()
    assert suggested(clause) == {}
    assert clause.carries_commitment
    assert clause.proposed_title == "Joint lunar exploration initiative with our space agencies"
    assert clause.proposed_stage == Stage.PLEDGED


def test_a_clause_carrying_no_commitment_is_left_unmarked(corpus):
    _, (clause,) = new_statement("We strongly condemn the DPRK's ballistic missile launches.")
    suggest_for_statement(clause.statement)
    clause.refresh_from_db()
    assert not clause.carries_commitment
    assert clause.proposed_title == ""
    assert suggested(clause) == {}


def test_an_editors_decision_is_never_overwritten_or_proposed_again(corpus):
    statement, (accepted_clause, rejected_clause) = new_statement(
        "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
        "We welcome the ROK's chairmanship of the Minerals Security Partnership (MSP).",
    )
    accepted = make_mention(
        accepted_clause, corpus["denuclearization"], stage=Stage.PLEDGED, note="editor's call"
    )
    rejected = make_mention(
        rejected_clause,
        corpus["msp"],
        stage=Stage.ACHIEVED,
        origin=Mention.Origin.SUGGESTED,
        review=Mention.Review.REJECTED,
    )
    suggest_for_statement(statement)
    suggest_for_statement(statement)
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.stage, accepted.review, accepted.note) == (
        "pledged",
        "accepted",
        "editor's call",
    )
    assert (rejected.stage, rejected.review) == ("achieved", "rejected")
    assert Mention.objects.filter(clause__statement=statement).count() == 2


def test_running_twice_proposes_nothing_new(corpus):
    statement, _ = new_statement("They agreed to accelerate MSP projects on critical minerals.")
    first = suggest_for_statement(statement)
    assert first
    assert suggest_for_statement(statement) == []


def test_a_translation_is_skipped(corpus):
    official, _ = new_statement("We reaffirm our commitment to complete denuclearization.")
    translation, (clause,) = new_statement(
        "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
        translation_of=official,
        language="en",
        is_unofficial_translation=True,
    )
    assert suggest_for_statement(translation) == []
    clause.refresh_from_db()
    assert not clause.carries_commitment
    assert not clause.mentions.exists()


def test_pending_suggestions_do_not_change_commitment_summaries(corpus):
    commitment = corpus["secretariat"]
    commitment.refresh_from_db()
    before = (commitment.latest_stage, commitment.mention_count, commitment.last_date)
    statement, _ = new_statement("We will expand the Trilateral Secretariat next year.")
    assert suggest_for_statement(statement)
    commitment.refresh_from_db()
    assert (commitment.latest_stage, commitment.mention_count, commitment.last_date) == before


def test_accepted_wording_feeds_the_index(corpus):
    commitment = corpus["youth"]
    statement, (clause,) = new_statement(
        "We committed that young delegates meet in Busan each summer to tackle climate change."
    )
    suggest_for_statement(statement)
    assert commitment.id not in suggested(clause)
    make_mention(
        make_clause(text="Young delegates met in Busan this summer to tackle climate change."),
        commitment,
    )
    suggest_for_statement(statement)
    assert commitment.id in suggested(clause)


def test_a_rename_keeps_document_frequencies_equal_to_a_rebuild(corpus):
    commitment = corpus["msp"]
    commitment.title = "Minerals Security Partnership projects"
    commitment.save()
    incremental = set(CommitmentTerm.objects.values_list("commitment_id", "term", "weight"))
    from commitments.models import SuggestionTerm

    frequencies = dict(SuggestionTerm.objects.values_list("term", "commitment_count"))
    rebuild_index()
    assert set(CommitmentTerm.objects.values_list("commitment_id", "term", "weight")) == incremental
    assert dict(SuggestionTerm.objects.values_list("term", "commitment_count")) == frequencies


@pytest.mark.parametrize("count", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_commitments(
    db, count, django_assert_max_num_queries
):
    for n in range(count):
        Commitment.objects.create(title=f"Maritime security framework number {n}", slug=f"c-{n}")
    rebuild_index()
    statement, _ = new_statement(
        "We committed to developing a Trilateral Maritime Security Cooperation Framework.",
        "We will accelerate Minerals Security Partnership projects.",
        "We commit to launch a joint lunar exploration initiative.",
    )
    with django_assert_max_num_queries(16):
        suggest_for_statement(statement)


def test_the_command_reruns_suggestions_and_refuses_an_unknown_statement(corpus, capsys):
    statement, (clause,) = new_statement("They agreed to accelerate MSP projects on minerals.")
    call_command("suggest", "--statement", statement.slug, "--dry-run")
    assert not suggested(clause)
    call_command("suggest", "--statement", statement.slug)
    assert corpus["msp"].id in suggested(clause)
    with pytest.raises(CommandError, match="No statement"):
        call_command("suggest", "--statement", "no-such-statement")


def test_a_clause_whose_only_suggestion_was_rejected_proposes_a_new_commitment(corpus):
    statement, (clause,) = new_statement(
        "We commit to launch a joint lunar exploration initiative with our space agencies."
    )
    make_mention(
        clause,
        corpus["maritime"],
        origin=Mention.Origin.SUGGESTED,
        review=Mention.Review.REJECTED,
    )
    suggest_for_statement(statement)
    clause.refresh_from_db()
    assert clause.proposed_title == "Joint lunar exploration initiative with our space agencies"


def test_the_command_rebuilds_the_index_and_asks_which_statements(corpus):
    CommitmentTerm.objects.all().delete()
    call_command("suggest", "--reindex")
    assert CommitmentTerm.objects.filter(commitment=corpus["msp"], term="msp").exists()
    with pytest.raises(CommandError, match="Say which"):
        call_command("suggest")

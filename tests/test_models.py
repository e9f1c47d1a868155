import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from commitments.models import ActorAlias, Commitment, Mention, Statement, normalize_alias
from tests.builders import (
    make_actor,
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_series,
    make_statement,
)

pytestmark = pytest.mark.django_db


def test_migrations_are_in_sync_with_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_a_second_copy_of_a_statement_is_impossible():
    first = make_statement()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statement(meeting=first.meeting, content_hash=first.content_hash)


def test_a_clause_cannot_mention_one_commitment_twice():
    mention = make_mention()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(
            clause=mention.clause, commitment=mention.commitment, stage="reaffirmed"
        )


def test_a_mention_stage_must_come_from_the_vocabulary():
    clause, commitment = make_clause(), make_commitment()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(clause=clause, commitment=commitment, stage="forgotten")


def test_a_highlighted_span_needs_both_ends_in_order():
    clause, commitment = make_clause(), make_commitment()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(
            clause=clause, commitment=commitment, stage="pledged", span_start=10, span_end=4
        )


def test_a_meeting_cannot_end_before_it_starts():
    import datetime

    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(start_date=datetime.date(2024, 5, 2), end_date=datetime.date(2024, 5, 1))


def test_two_meetings_of_a_series_cannot_share_an_ordinal():
    series = make_series()
    make_meeting(series=series, ordinal=14)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(series=series, ordinal=14)


def test_actor_aliases_match_regardless_of_case_and_punctuation():
    korea = make_actor("Republic of Korea")
    ActorAlias.objects.create(actor=korea, name="R.O.K.")
    assert ActorAlias.objects.get(normalized=normalize_alias("rok")).actor == korea
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorAlias.objects.create(actor=make_actor(), name="ROK")


def test_a_mention_takes_its_meeting_from_its_clause():
    mention = make_mention()
    assert mention.meeting == mention.clause.statement.meeting


def test_latest_stage_follows_the_latest_meeting():
    import datetime

    series = make_series()
    early = make_statement(
        meeting=make_meeting(series=series, start_date=datetime.date(2024, 4, 24))
    )
    late = make_statement(
        meeting=make_meeting(series=series, start_date=datetime.date(2024, 11, 15))
    )
    commitment = make_commitment()
    with transaction.atomic():
        make_mention(make_clause(early), commitment, stage="pledged")
        make_mention(make_clause(late), commitment, stage="achieved")
    commitment.refresh_from_db()
    assert commitment.latest_stage == "achieved"
    assert commitment.first_meeting == early.meeting
    assert commitment.last_meeting == late.meeting
    assert commitment.meeting_count == 2


def test_the_stage_with_most_news_wins_within_one_meeting():
    statement = make_statement(body="We reaffirm the plan. We announce its launch.")
    commitment = make_commitment()
    make_mention(make_clause(statement, "We reaffirm the plan."), commitment, stage="reaffirmed")
    make_mention(make_clause(statement, "We announce its launch."), commitment, stage="achieved")
    commitment.refresh_from_db()
    assert commitment.latest_stage == "achieved"
    assert commitment.meeting_count == 1
    assert commitment.mention_count == 2


def test_rejected_suggestions_do_not_count():
    commitment = make_commitment()
    make_mention(commitment=commitment, stage="achieved", origin="suggested", review="rejected")
    commitment.refresh_from_db()
    assert commitment.latest_stage == ""
    assert commitment.meeting_count == 0


def test_filtering_by_latest_stage_needs_no_per_row_queries(django_assert_num_queries):
    for _ in range(5):
        make_mention(stage="achieved")
    with django_assert_num_queries(1):
        rows = list(
            Commitment.objects.filter(latest_stage="achieved").order_by("-last_date", "title")
        )
    assert len(rows) == 5


def test_editing_a_commitment_keeps_its_history():
    commitment = make_commitment("Trilateral coordinating mechanism")
    commitment.title = "Trilateral Secretariat"
    commitment.save()
    assert [h.title for h in commitment.history.order_by("history_date")] == [
        "Trilateral coordinating mechanism",
        "Trilateral Secretariat",
    ]


def test_statement_permissions_include_ingesting():
    assert ("ingest_statement", "Can ingest source texts") in Statement._meta.permissions

from io import StringIO

import pytest

from bench.synthesize import main, synthesize
from bench.vocabulary import MAX_MENTIONS, Vocabulary, commitment_title, source_sentences
from commitments.models import Clause, Commitment, Meeting, Mention, Statement
from commitments.services.derived import summarize

pytestmark = pytest.mark.django_db


def _snapshot():
    """What the corpus says, without database ids (which depend on sequences)."""
    return {
        "meetings": list(
            Meeting.objects.order_by("start_date", "slug").values_list(
                "slug", "title", "start_date"
            )
        ),
        "clauses": list(
            Clause.objects.order_by("statement__slug", "position").values_list(
                "statement__slug", "position", "text"
            )
        ),
        "mentions": sorted(
            Mention.objects.values_list(
                "commitment__slug", "clause__statement__slug", "clause__position", "stage"
            )
        ),
    }


def test_counts_match_the_arguments():
    report = synthesize(meetings=12, commitments=40, clauses_per_statement=15, seed=3)

    assert (report.meetings, report.statements, report.clauses, report.commitments) == (
        12,
        12,
        180,
        40,
    )
    assert Meeting.objects.filter(slug__startswith="syn3-").count() == 12
    assert Statement.objects.count() == 12
    assert Clause.objects.count() == 180
    assert Commitment.objects.count() == 40
    assert Mention.objects.count() == report.mentions


def test_same_seed_gives_the_same_corpus():
    synthesize(meetings=10, commitments=30, clauses_per_statement=12, seed=5)
    first = _snapshot()
    Mention.objects.all().delete()
    Commitment.objects.all().delete()
    Clause.objects.all().delete()
    Statement.objects.all().delete()
    Meeting.objects.all().delete()

    synthesize(meetings=10, commitments=30, clauses_per_statement=12, seed=5, batch_size=7)

    assert _snapshot() == first


def test_another_seed_gives_another_corpus():
    synthesize(meetings=10, commitments=30, clauses_per_statement=12, seed=5)
    synthesize(meetings=10, commitments=30, clauses_per_statement=12, seed=6)

    texts = {
        seed: list(
            Clause.objects.filter(statement__slug__startswith=f"syn{seed}-")
            .order_by("statement__slug", "position")
            .values_list("text", flat=True)
        )
        for seed in (5, 6)
    }
    assert texts[5] != texts[6]


def test_every_commitment_is_mentioned_1_to_30_times():
    synthesize(meetings=60, commitments=200, clauses_per_statement=20, seed=1)

    counts = list(Commitment.objects.values_list("mention_count", flat=True))
    assert min(counts) >= 1
    assert max(counts) <= MAX_MENTIONS
    assert len(set(counts)) > 3  # skewed, not constant


def test_summaries_agree_with_the_summary_rules():
    synthesize(meetings=40, commitments=120, clauses_per_statement=20, seed=2)

    for commitment in Commitment.objects.all():
        mentions = list(
            Mention.objects.filter(commitment=commitment, review=Mention.Review.ACCEPTED).values(
                "commitment_id", "meeting_id", "meeting__start_date", "stage"
            )
        )
        expected = summarize(mentions)
        actual = {field: getattr(commitment, field) for field in expected}
        assert actual == expected, commitment.slug


def test_both_stages_are_filled_and_tell_apart():
    synthesize(meetings=20, commitments=60, clauses_per_statement=20, seed=4)

    pairs = set(Commitment.objects.values_list("furthest_stage", "latest_stage"))
    assert all(far and latest for far, latest in pairs)
    assert any(far != latest for far, latest in pairs)  # e.g. achieved, then reaffirmed


def test_clause_offsets_and_mention_spans_point_at_the_text():
    synthesize(meetings=5, commitments=20, clauses_per_statement=10, seed=4)

    for statement in Statement.objects.all():
        for clause in statement.clauses.all():
            assert statement.body[clause.start : clause.end] == clause.text
    for mention in Mention.objects.select_related("clause", "commitment"):
        assert mention.meeting_id == mention.clause.statement.meeting_id
        words = mention.clause.text[mention.span_start : mention.span_end]
        assert words.casefold() == mention.commitment.title.casefold()


def test_a_mention_clause_carries_a_commitment():
    synthesize(meetings=5, commitments=20, clauses_per_statement=10, seed=4)

    assert not Clause.objects.filter(mentions__isnull=False, carries_commitment=False).exists()


def test_meetings_fall_in_several_series_over_years():
    synthesize(meetings=30, commitments=10, clauses_per_statement=5, seed=1)

    assert Meeting.objects.values("series").distinct().count() >= 5
    dates = Meeting.objects.order_by("start_date").values_list("start_date", flat=True)
    assert (dates.last() - dates.first()).days > 2 * 365


def test_running_twice_with_one_seed_is_refused():
    synthesize(meetings=3, commitments=3, clauses_per_statement=3, seed=9)

    with pytest.raises(ValueError, match="seed 9"):
        synthesize(meetings=3, commitments=3, clauses_per_statement=3, seed=9)
    assert Meeting.objects.count() == 3


def test_script_reports_counts_and_peak_memory():
    out = StringIO()

    main(["--meetings", "4", "--commitments", "8", "--clauses-per-statement", "6"], out=out)

    assert "4 meetings, 4 statements, 24 clauses, 8 commitments" in out.getvalue()
    assert "peak RSS:" in out.getvalue()


def test_script_refuses_bad_sizes_with_a_clear_message():
    with pytest.raises(SystemExit, match="at least 1 meeting"):
        main(["--meetings", "0", "--commitments", "8"], out=StringIO())
    assert not Meeting.objects.exists()


def test_titles_are_distinct_across_many_commitments():
    vocabulary = Vocabulary()  # built-in words: the curated corpus may repeat itself

    titles = [commitment_title(i, vocabulary) for i in range(20_000)]

    assert len(set(titles)) == len(titles)


def test_source_sentences_drop_front_matter_and_short_noise():
    text = "---\ntitle: x\n---\nTop of page\n\nWe reaffirm our commitment to the trilateral partnership in the region.\n"

    assert source_sentences(text) == [
        "We reaffirm our commitment to the trilateral partnership in the region."
    ]

"""corpus.py and `manage.py loadcorpus`: the curated corpus, checked whole, loaded without overwriting."""

import copy
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase

from commitments.models import (
    Actor,
    Commitment,
    CommitmentRedirect,
    Mention,
    Statement,
    Topic,
    content_hash,
    news_rank,
)
from commitments.services.corpus import (
    CorpusError,
    check_corpus,
    find_quote,
    load_corpus,
    read_corpus,
)
from commitments.services.merge import merge_commitments
from tests.builders import make_clause, make_commitment, make_statement

SOURCES = settings.BASE_DIR / "fixtures" / "sources"
CORPUS = settings.BASE_DIR / "fixtures" / "corpus.yaml"

# --- A small corpus on hand-made statements ------------------------------------------------------

CLAUSES = [
    "Today, we announce the establishment of the Trilateral\nSecretariat responsible for coordinating.",
    "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
    "We applaud the Trilateral Secretariat’s first year of work.",
]


@pytest.fixture
def statement(db):
    statement = make_statement(body="\n".join(CLAUSES))
    for position, text in enumerate(CLAUSES, 1):
        make_clause(statement, text=text, position=position)
    return statement


def small_corpus(statement_hash):
    return {
        "statements": {"lima": {"sha256": statement_hash, "file": "lima.txt"}},
        "topics": [{"slug": "institutions", "name": "Institutions"}],
        "actors": [
            {"name": "Republic of Korea", "kind": "country", "short_name": "ROK"},
            {"name": "Japan", "kind": "country"},
        ],
        "commitments": [
            {
                "slug": "trilateral-secretariat",
                "title": "Trilateral Secretariat",
                "summary": "A standing mechanism.",
                "aliases": ["TS", "coordinating mechanism"],
                "topics": ["institutions"],
                "actors": ["ROK", "japan"],
                "mentions": [
                    {
                        "statement": "lima",
                        "stage": "achieved",
                        "quote": "announce the establishment of the Trilateral Secretariat",
                    },
                    {"statement": "lima", "stage": "expanded", "quote": "Secretariat's first year"},
                ],
            },
            {
                "slug": "denuclearization",
                "title": "Complete denuclearization",
                "topics": ["institutions"],
                "mentions": [
                    {
                        "statement": "lima",
                        "stage": "reaffirmed",
                        "quote": "complete denuclearization",
                    }
                ],
            },
        ],
    }


def test_the_curated_corpus_passes_its_own_checks():
    assert check_corpus(read_corpus(CORPUS)) == []


def test_the_curated_corpus_holds_at_least_40_commitments_with_mentions():
    commitments = read_corpus(CORPUS)["commitments"]
    assert len(commitments) >= 40
    assert all(item["mentions"] for item in commitments)


def test_check_reports_every_unknown_reference_at_once():
    data = small_corpus("a" * 64)
    data["commitments"][0]["topics"] = ["no-such-topic"]
    data["commitments"][0]["actors"] = ["Atlantis"]
    data["commitments"][0]["mentions"][0]["stage"] = "done"
    data["commitments"][1]["mentions"][0]["statement"] = "camp-david"

    problems = check_corpus(data)

    assert len(problems) == 4
    assert any("unknown topic 'no-such-topic'" in p for p in problems)
    assert any("unknown actor 'Atlantis'" in p for p in problems)
    assert any("unknown stage 'done'" in p for p in problems)
    assert any("unknown statement 'camp-david'" in p for p in problems)


def test_find_quote_tolerates_wrapped_lines_and_typographic_apostrophes():
    hits = find_quote(CLAUSES, "the Trilateral Secretariat's first year")

    assert hits == [(2, CLAUSES[2].index("the Trilateral"), CLAUSES[2].index(" of work"))]
    assert find_quote(CLAUSES, "establishment of the Trilateral Secretariat")[0][0] == 0


def test_load_creates_commitments_with_topics_actors_aliases_and_mentions(statement):
    report = load_corpus(small_corpus(statement.content_hash))

    commitment = Commitment.objects.get(slug="trilateral-secretariat")
    assert report.commitments == ["trilateral-secretariat", "denuclearization"]
    assert list(commitment.topics.values_list("slug", flat=True)) == ["institutions"]
    assert set(commitment.actors.values_list("name", flat=True)) == {"Republic of Korea", "Japan"}
    assert set(commitment.aliases.values_list("name", flat=True)) == {
        "TS",
        "coordinating mechanism",
    }
    assert commitment.latest_stage == "achieved"
    assert commitment.mention_count == 2
    mention = commitment.mentions.get(clause__position=1)
    assert (mention.origin, mention.review) == ("editor", "accepted")
    assert mention.highlighted[1] == "announce the establishment of the Trilateral\nSecretariat"


def test_loading_twice_changes_nothing(statement):
    data = small_corpus(statement.content_hash)
    load_corpus(data)
    before = list(Mention.objects.values_list("id", "stage", "span_start", "span_end", "version"))

    report = load_corpus(data)

    assert not report.changed
    assert report.mentions_kept == 3
    assert list(
        Mention.objects.values_list("id", "stage", "span_start", "span_end", "version")
    ) == (before)
    assert Commitment.objects.count() == 2
    assert Topic.objects.count() == 1
    assert Actor.objects.count() == 2


def test_an_editors_change_to_a_commitment_survives_a_reload(statement):
    data = small_corpus(statement.content_hash)
    load_corpus(data)
    commitment = Commitment.objects.get(slug="trilateral-secretariat")
    commitment.title = "Trilateral Secretariat (as an editor renamed it)"
    commitment.save()
    commitment.aliases.filter(name="TS").delete()
    commitment.topics.clear()

    load_corpus(data)

    commitment.refresh_from_db()
    assert commitment.title == "Trilateral Secretariat (as an editor renamed it)"
    assert list(commitment.aliases.values_list("name", flat=True)) == ["coordinating mechanism"]
    assert not commitment.topics.exists()


def test_an_editors_change_to_a_mention_survives_a_reload(statement):
    data = small_corpus(statement.content_hash)
    load_corpus(data)
    mention = Mention.objects.get(commitment__slug="denuclearization")
    mention.stage = "pledged"
    mention.review = Mention.Review.REJECTED
    mention.save()

    load_corpus(data)

    mention.refresh_from_db()
    assert (mention.stage, mention.review) == ("pledged", "rejected")
    assert Mention.objects.filter(commitment__slug="denuclearization").count() == 1


def test_a_mention_an_editor_deleted_stays_deleted_after_a_reload(statement):
    data = small_corpus(statement.content_hash)
    load_corpus(data)
    Mention.objects.get(commitment__slug="denuclearization").delete()

    report = load_corpus(data)

    assert report.mentions == 0
    assert not Mention.objects.filter(commitment__slug="denuclearization").exists()


def test_a_commitment_an_editor_deleted_is_not_recreated(statement):
    data = small_corpus(statement.content_hash)
    load_corpus(data)
    Commitment.objects.get(slug="trilateral-secretariat").delete()

    report = load_corpus(data)

    assert report.deleted == ["trilateral-secretariat"]
    assert not Commitment.objects.filter(slug="trilateral-secretariat").exists()


def test_a_slug_merged_away_is_not_recreated(statement):
    target = make_commitment(title="Secretariat and mechanisms", slug="secretariat-and-mechanisms")
    CommitmentRedirect.objects.create(old_slug="trilateral-secretariat", commitment=target)

    report = load_corpus(small_corpus(statement.content_hash))

    assert not Commitment.objects.filter(slug="trilateral-secretariat").exists()
    assert report.redirected == ["trilateral-secretariat -> secretariat-and-mechanisms"]
    assert target.mentions.count() == 2


def test_a_bad_quote_is_refused_with_a_clear_message_and_nothing_is_written(statement):
    data = small_corpus(statement.content_hash)
    data["commitments"][1]["mentions"].append(
        {"statement": "lima", "stage": "pledged", "quote": "words that are not there"}
    )

    with pytest.raises(CorpusError) as error:
        load_corpus(data)

    assert error.value.problems == [
        "commitment denuclearization, lima, quote 'words that are not there': found in no clause"
    ]
    assert not Commitment.objects.exists()
    assert not Topic.objects.exists()
    assert not Mention.objects.exists()


def test_a_quote_found_in_several_clauses_is_refused(statement):
    data = small_corpus(statement.content_hash)
    data["commitments"][1]["mentions"][0]["quote"] = "Trilateral"

    with pytest.raises(CorpusError, match=r"found in several places \(clauses 1, 3\)"):
        load_corpus(data)
    assert not Commitment.objects.exists()


def test_a_statement_not_ingested_is_named_in_the_message(db):
    with pytest.raises(CorpusError, match=r"statement lima \(lima.txt.*\) is not in the database"):
        load_corpus(small_corpus("b" * 64))


def test_loadcorpus_refuses_a_bad_file_and_lists_the_problems(statement, tmp_path):
    path = tmp_path / "corpus.yaml"
    path.write_text("commitments: [{slug: x, title: X, topics: [nope], mentions: []}]\n")

    with pytest.raises(CommandError) as error:
        call_command("loadcorpus", str(path))

    assert "not loaded, nothing written (2 problems)" in str(error.value)
    assert "commitment x: unknown topic 'nope'" in str(error.value)
    assert "commitment x: has no mentions" in str(error.value)


def test_loadcorpus_refuses_a_file_that_is_not_yaml(db, tmp_path):
    path = tmp_path / "corpus.yaml"
    path.write_text("commitments: [unclosed\n")

    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("loadcorpus", str(path))


# --- The curated corpus on the five ingested sources ---------------------------------------------

THREADS = {
    "trilateral-secretariat": ["pledged", "in_progress", "achieved"],
    "freedom-edge": ["in_progress", "achieved", "achieved"],
    "institutionalize-defense-dialogues": ["pledged", "achieved", "achieved"],
    "dprk-missile-warning-data-sharing": ["achieved", "reaffirmed"],
    "multilateral-sanctions-monitoring-team": ["pledged", "pledged", "in_progress"],
    "maritime-security-framework": ["pledged", "achieved"],
    "minerals-security-partnership": ["pledged", "in_progress", "in_progress"],
    "technology-leaders-training-program": ["pledged", "achieved", "achieved"],
    "trilateral-youth-summit": ["pledged", "achieved", "expanded"],
    "womens-economic-empowerment": ["pledged", "reaffirmed", "reaffirmed"],
    "next-vice-foreign-ministerial-seoul-2024": ["pledged", "achieved"],
    "next-leaders-meeting-2024": ["pledged", "reaffirmed", "achieved"],
    "fifteenth-defense-trilateral-talks": ["pledged"],
    "denuclearization-korean-peninsula": ["reaffirmed"] * 4,
}


def _statement(name):
    return Statement.objects.get(content_hash=content_hash((SOURCES / name).read_bytes()))


def _stages_by_meeting(slug):
    """The stage each meeting gives a commitment (most news first), in meeting order."""
    by_meeting = {}
    for mention in Mention.objects.filter(commitment__slug=slug).select_related("meeting"):
        key = (mention.meeting.start_date, mention.meeting_id)
        by_meeting.setdefault(key, []).append(mention.stage)
    return [min(stages, key=news_rank) for _, stages in sorted(by_meeting.items())]


class CuratedCorpusTests(TestCase):
    """The five sources ingested and the curated corpus loaded once, as `make run` does."""

    @classmethod
    def setUpTestData(cls):
        call_command("ingest", "--publish", str(SOURCES), stdout=StringIO())
        out = StringIO()
        call_command("loadcorpus", str(CORPUS), stdout=out)
        cls.output = out.getvalue()
        cls.data = read_corpus(CORPUS)

    def test_the_curated_corpus_loads_after_ingesting_the_sources(self):
        assert "Created" in self.output
        assert Commitment.objects.count() >= 40
        assert not Commitment.objects.filter(mentions__isnull=True).exists()
        curated = sum(len(item["mentions"]) for item in self.data["commitments"])
        assert Mention.objects.count() == curated
        topics = {t["slug"] for t in self.data["topics"]}
        assert set(Topic.objects.values_list("slug", flat=True)) >= topics

    def test_every_curated_mention_highlights_its_quote_inside_its_clause(self):
        hashes = {key: spec["sha256"] for key, spec in self.data["statements"].items()}
        expected = {
            (item["slug"], hashes[m["statement"]], " ".join(m["quote"].split()))
            for item in self.data["commitments"]
            for m in item["mentions"]
        }
        found = set()
        for mention in Mention.objects.select_related("clause__statement", "commitment"):
            before, span, after = mention.highlighted
            assert span and before + span + after == mention.clause.text
            quote = " ".join(span.split())
            found.add((mention.commitment.slug, mention.clause.statement.content_hash, quote))
        assert found == expected

    def test_mentions_go_on_the_official_texts_only(self):
        translation = _statement("001_22984fbc6c895df0.txt")
        assert not Mention.objects.filter(clause__statement=translation).exists()

    def test_the_lima_statement_and_its_translation_are_one_meeting(self):
        official = _statement("000_dcc73b4c31370382.txt")
        translation = _statement("001_22984fbc6c895df0.txt")

        assert translation.meeting_id == official.meeting_id
        assert translation.translation_of_id == official.id
        assert official.meeting.start_date.isoformat() == "2024-11-15"

    def test_the_four_meetings_are_four_meetings(self):
        meetings = {
            _statement(spec["file"]).meeting.start_date.isoformat()
            for spec in self.data["statements"].values()
        }
        assert meetings == {"2024-04-24", "2024-05-31", "2024-10-16", "2024-11-15"}

    def test_cross_meeting_threads_have_their_stage_sequence(self):
        for slug, stages in THREADS.items():
            with self.subTest(slug):
                commitment = Commitment.objects.get(slug=slug)
                assert _stages_by_meeting(slug) == stages
                assert commitment.latest_stage == stages[-1]
                assert commitment.meeting_count == len(stages)

    def test_the_secretariat_thread_runs_from_washington_to_lima(self):
        commitment = Commitment.objects.get(slug="trilateral-secretariat")

        assert commitment.first_date.isoformat() == "2024-05-31"
        assert commitment.last_date.isoformat() == "2024-11-15"

    def test_reloading_the_curated_corpus_changes_nothing(self):
        before = list(Mention.objects.order_by("id").values_list("id", "version", "updated_at"))
        out = StringIO()

        call_command("loadcorpus", str(CORPUS), stdout=out)

        assert "Created 0 topics, 0 actors, 0 commitments (0 aliases), 0 mentions" in (
            out.getvalue()
        )
        after = list(Mention.objects.order_by("id").values_list("id", "version", "updated_at"))
        assert after == before

    def test_a_commitment_an_editor_merged_away_is_not_recreated_on_reload(self):
        editor = User.objects.create_user("merger", is_staff=True)
        source = Commitment.objects.get(slug="multi-year-trilateral-exercise-plan")
        target = Commitment.objects.get(slug="freedom-edge")
        merge_commitments(source, target, editor)
        mentions = sorted(target.mentions.values_list("id", "version"))

        call_command("loadcorpus", str(CORPUS), stdout=StringIO())

        assert not Commitment.objects.filter(slug="multi-year-trilateral-exercise-plan").exists()
        assert sorted(target.mentions.values_list("id", "version")) == mentions

    def test_a_curated_corpus_with_a_bad_quote_is_refused_whole(self):
        broken = copy.deepcopy(self.data)
        broken["commitments"][0]["slug"] = "a-new-commitment"
        broken["commitments"][0]["mentions"][0]["quote"] = "a promise nobody made"
        mentions = Mention.objects.count()

        with pytest.raises(CorpusError, match="'a promise nobody made': found in no clause"):
            load_corpus(broken)
        assert not Commitment.objects.filter(slug="a-new-commitment").exists()
        assert Mention.objects.count() == mentions

"""manage.py ingest PATH...: files or directories, idempotent, per-file report, exit status."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from commitments.models import Meeting, Statement

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.SOURCES_DIR)


def run(*paths):
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingesting_the_sources_directory_creates_every_statement():
    out, err = run(SOURCES)
    assert err == ""
    assert out.count("created") == 5
    assert Statement.objects.count() == 5
    assert Meeting.objects.count() == 4


def test_running_it_again_changes_nothing_and_says_where_each_statement_is():
    run(SOURCES)
    out, _ = run(SOURCES)
    assert out.count("already present") == 5
    for statement in Statement.objects.all():
        assert statement.get_absolute_url() in out
    assert Statement.objects.count() == 5


def test_the_translation_attaches_even_when_given_before_its_original():
    translation = next(SOURCES.glob("001_*.txt"))
    original = next(SOURCES.glob("000_*.txt"))
    run(translation, original)
    assert (
        Statement.objects.get(translation_of__isnull=False).translation_of.source_name
        == original.name
    )


def test_a_bad_file_is_reported_and_the_exit_status_is_an_error_but_good_files_are_saved(tmp_path):
    shutil.copy(next(SOURCES.glob("004_*.txt")), tmp_path / "dtt.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.5 ...")
    err = StringIO()
    with pytest.raises(CommandError, match="2 file"):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "empty.txt: The file is empty." in err.getvalue()
    assert "scan.pdf: This is a PDF file" in err.getvalue()
    assert Statement.objects.count() == 1


def test_a_missing_path_is_an_error():
    with pytest.raises(CommandError):
        call_command("ingest", "/no/such/place", stdout=StringIO(), stderr=StringIO())


def test_a_translation_without_its_original_is_an_error_that_says_what_to_do(tmp_path):
    shutil.copy(next(SOURCES.glob("001_*.txt")), tmp_path / "translation.txt")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "no meeting date found" in err.getvalue()
    assert Statement.objects.count() == 0


def test_loaddemo_ingests_the_sources(monkeypatch):
    from commitments.management.commands import loaddemo

    called = []
    real_call = loaddemo.Command.call

    def call(self, name, *args):
        called.append(name)
        if name == "ingest":
            real_call(self, name, *args)

    monkeypatch.setattr(loaddemo.Command, "call", call)
    call_command("loaddemo", stdout=StringIO(), stderr=StringIO())
    assert called[0] == "ingest"
    assert Statement.objects.count() == 5


def test_loaddemo_fills_the_review_queue_once_and_only_once():
    from commitments.models import Mention

    call_command("loaddemo", stdout=StringIO(), stderr=StringIO())
    pending = Mention.objects.filter(review=Mention.Review.PENDING).count()
    accepted = Mention.objects.filter(review=Mention.Review.ACCEPTED).count()
    assert pending > 0 and accepted >= 150

    call_command("loaddemo", stdout=StringIO(), stderr=StringIO())
    assert Mention.objects.filter(review=Mention.Review.PENDING).count() == pending
    assert Mention.objects.filter(review=Mention.Review.ACCEPTED).count() == accepted


TEXTS = Path(__file__).parent / "texts"
NO_DATE = """Joint Statement on the Trilateral Vice Foreign Ministerial Meeting
U.S. Deputy Secretary of State Kurt M. Campbell, Japanese Vice Minister for Foreign Affairs \
Okano Masataka and ROK First Vice Foreign Minister Kim Hong Kyun met today in Tokyo.
"""


def test_dry_run_prints_each_parse_as_json_and_writes_nothing():
    import json

    out, _ = run("--dry-run", TEXTS / "fm-joint-statement-ko.txt")
    report = json.loads(out)
    assert report["kept"] is True
    assert report["metadata"]["meeting_date"] == "2024-09-23"
    assert report["metadata"]["series"] == "Foreign Ministers' Meeting"
    assert report["clauses"]
    assert report["destination"]["action"] == "new meeting"
    assert Statement.objects.count() == 0 and Meeting.objects.count() == 0


def test_dry_run_shows_warnings_and_a_refusal_with_its_reason(tmp_path):
    import json

    shutil.copy(TEXTS / "not-a-statement.txt", tmp_path / "recipe.txt")
    err = StringIO()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", "--dry-run", str(tmp_path), stdout=out, stderr=err)
    assert json.loads(out.getvalue())["kept"] is False
    assert "names none of the parties" in err.getvalue()


def test_options_give_what_the_text_does_not_say(tmp_path):
    path = tmp_path / "no-date.txt"
    path.write_text(NO_DATE)
    run(
        "--date", "2024-04-30", "--place", "Tokyo, Japan", "--publisher", "U.S. Department of State",
        "--source-url", "https://www.state.gov/joint-statement", "--title", "Tokyo statement", path,
    )  # fmt: skip
    statement = Statement.objects.get()
    assert statement.meeting.start_date.isoformat() == "2024-04-30"
    assert statement.meeting.place == "Tokyo, Japan"
    assert statement.title == "Tokyo statement"
    assert statement.source_url == "https://www.state.gov/joint-statement"
    assert not any("meeting date" in w.lower() for w in statement.ingest_warnings)


def test_a_series_given_on_the_command_line_is_used(tmp_path):
    path = tmp_path / "consult.txt"
    path.write_text(
        "Commitment to Consult\nAugust 18, 2023\nJapan, the Republic of Korea and the United "
        "States commit to consult one another promptly on regional threats.\n"
    )
    run("--series", "Trilateral Leaders' Summit", path)
    assert Statement.objects.get().meeting.series.name == "Trilateral Leaders' Summit"


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--source-url", "not a url", "--source-url: Enter a valid URL."),
        ("--date", "2024-13-40", "--date: Enter a valid date."),
        ("--language", "English", "--language: A language code such as en, ko or ja."),
        ("--translation-of", "no-such-slug", "--translation-of: No statement has the slug"),
    ],
)
def test_the_command_refuses_what_the_admin_refuses(tmp_path, option, value, message):
    from commitments.ingest.given import GivenMetadataForm

    field = {"--source-url": "source_url", "--date": "meeting_date", "--language": "language",
             "--translation-of": "translation_of"}[option]  # fmt: skip
    assert not GivenMetadataForm(data={field: value}).is_valid()
    with pytest.raises(CommandError, match=message):
        run(option, value, TEXTS / "fm-joint-statement-ko.txt")
    assert Statement.objects.count() == 0


def test_a_source_url_without_scheme_is_taken_as_https_as_in_the_admin(tmp_path):
    run("--source-url", "example.com/statement", TEXTS / "fm-joint-statement-ko.txt")
    statement = Statement.objects.get()
    assert statement.source_url == "https://example.com/statement"
    assert statement.found_at == "example.com" and statement.is_repost


def test_translation_of_attaches_the_text_to_the_statement_given(tmp_path):
    run(TEXTS / "fm-joint-statement-ko.txt")
    original = Statement.objects.get()
    path = tmp_path / "english.txt"
    path.write_text(
        "Joint Statement\nSecretary of State Antony J. Blinken, Minister of Foreign Affairs Cho "
        "Tae-yul and Minister for Foreign Affairs Kamikawa Yoko met in New York and reaffirmed "
        "their trilateral cooperation.\n"
    )
    run("--translation-of", original.slug, path)
    translation = Statement.objects.exclude(pk=original.pk).get()
    assert translation.translation_of == original
    assert translation.meeting == original.meeting


@pytest.mark.parametrize(
    "found", ["https://intranet/statement", "javascript:alert(1)", "https://x.org/" + "a" * 1000]
)
def test_a_source_url_in_the_text_that_the_admin_refuses_is_not_saved(tmp_path, found):
    original = next(SOURCES.glob("000_*.txt")).read_text()
    text = original.replace(
        next(line for line in original.splitlines() if line.startswith("source_url:")),
        f"source_url: {found}",
    )
    path = tmp_path / "statement.txt"
    path.write_text(text)

    run(path)

    assert Statement.objects.get().source_url == ""

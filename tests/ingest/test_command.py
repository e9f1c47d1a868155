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

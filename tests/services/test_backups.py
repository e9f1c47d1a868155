"""Backups and dumps give back the data exactly: every timestamp to the microsecond, so the feeds'
`updated` and the sitemap's `lastmod` are the same after a round trip."""

import datetime
import re
import shutil

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from browse import search
from commitments.models import Commitment, Statement
from commitments.services import backups
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/feeds/mentions/", "/sitemap-statements.xml", "/sitemap-commitments.xml", "/"]


def timestamps(client):
    """Every feed `updated` and sitemap `lastmod`, as served."""
    found = []
    for path in ("/feeds/mentions/", "/sitemap.xml"):
        body = client.get(path).content.decode()
        found += re.findall(r"<(?:updated|lastmod)>([^<]+)<", body)
        for section in re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", body):
            found += re.findall(r"<lastmod>([^<]+)<", client.get(section).content.decode())
    return found


@pytest.fixture
def world():
    world = build_world()
    # Timestamps with microseconds, as timezone.now() gives them.
    at = datetime.datetime(2024, 11, 16, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    Statement.objects.update(published_at=at)
    return world


def test_a_dump_loaded_back_keeps_every_timestamp(client, world, tmp_path):
    before = timestamps(client)
    dump = tmp_path / "dump.json"

    call_command("dumpdata", output=str(dump), verbosity=0)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)

    assert "2024-11-16T09:30:15.123456+00:00" in before
    assert timestamps(client) == before
    assert search.text_ranks("secretariat")  # the search documents, left out of the dump


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_the_json_formats_write_microseconds(format):
    moment = datetime.datetime(2024, 11, 16, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    text = serializers.serialize(format, [Statement(published_at=moment)], fields=["published_at"])

    assert "2024-11-16T09:30:15.123456Z" in text


def test_backup_then_restore_gives_back_the_same_pages(client, world, tmp_path):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is missing")
    before = {path: client.get(path).content for path in PAGES}
    path = backups.backup(tmp_path / f"trilat{backups.SUFFIXES[connection.vendor]}")
    Commitment.objects.update(title="Changed after the backup")

    backups.restore(path)

    assert {path: client.get(path).content for path in PAGES} == before


def test_restoring_what_is_no_backup_changes_nothing(world, tmp_path):
    bogus = tmp_path / "bogus.dump"
    bogus.write_bytes(b"not a backup")
    titles = sorted(Commitment.objects.values_list("title", flat=True))

    with pytest.raises(backups.BackupError):
        backups.restore(bogus)

    assert sorted(Commitment.objects.values_list("title", flat=True)) == titles

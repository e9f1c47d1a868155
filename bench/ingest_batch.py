"""The admin ingestion's worst case: the largest batch the limits allow (INGEST_MAX_BATCH_BYTES in
texts of INGEST_MAX_BYTES, each one long paragraph after a statement's title and date), previewed
and confirmed through the admin views, as one request each. Prints each request's time: the
gunicorn worker timeout of `make serve` must stay well above the longer one.

Runs in a transaction that is rolled back (the database is left as it was):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a scratch database> .venv/bin/python bench/ingest_batch.py
"""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup  # noqa: E402

setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.ingest_speed import one_paragraph  # noqa: E402

URL = reverse("admin:commitments_statement_ingest")


class Rollback(Exception):
    pass


def worst_batch():
    """Texts of the largest size, as many as the batch's bytes allow (at least one)."""
    size = settings.INGEST_MAX_BYTES - 200
    count = max(1, min(settings.INGEST_MAX_FILES, settings.INGEST_MAX_BATCH_BYTES // (size + 200)))
    return [
        SimpleUploadedFile(
            f"long-{n}.txt",
            f"Joint Statement of the Trilateral Defense Talks\n\nTokyo, May {n + 1}, 2031\n\n".encode()
            + one_paragraph(size),
            content_type="text/plain",
        )
        for n in range(count)
    ]


def confirmation(html):
    """The preview's form as a browser submits it (hidden fields and the values shown)."""
    data = {"action": "confirm"}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(r'<input type="text" name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(r'<input type="date" name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(
        r'<input type="checkbox" name="([^"]+)" value="([^"]*)"[^>]*checked', html
    ):
        data.setdefault(name, []).append(value)
    for name, value in re.findall(
        r'<select name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected', html, re.S
    ):
        data[name] = value
    return data


def main():
    files = worst_batch()
    total = sum(f.size for f in files)
    print(f"database: {connection.vendor}; batch: {len(files)} texts, {total:,} bytes")
    try:
        with transaction.atomic():
            user = User.objects.create_superuser("bench-ingestor", "b@example.org", "pw")
            client = Client()
            client.force_login(user)
            started = time.perf_counter()
            preview = client.post(URL, {"files": files})
            previewed = time.perf_counter() - started
            html = preview.content.decode()
            print(f"  preview: {previewed:6.1f} s (status {preview.status_code})")
            started = time.perf_counter()
            confirmed = client.post(URL, confirmation(html))
            elapsed = time.perf_counter() - started
            print(f"  confirm: {elapsed:6.1f} s (status {confirmed.status_code})")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()

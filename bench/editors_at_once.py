"""Two editors deciding the same suggestions at the same moment, over HTTP: gunicorn (DEBUG=0,
2 workers) on 127.0.0.1 and two logged-in admin sessions. For each of ROUNDS pending suggestions
both press a button at once (one Accept, the other Reject, from the same version of the row):
exactly one decision must go through, the other editor must be told it was left unchanged, and
the suggestion's history must hold one decision. On a scratch database (it writes):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> .venv/bin/python bench/editors_at_once.py
"""

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, setup  # noqa: E402

setup()

import requests  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from commitments.models import Mention  # noqa: E402
from tests.builders import make_clause, make_commitment, make_mention, make_statement  # noqa: E402

ROUNDS = 40
PORT = int(os.environ.get("PORT", "8032"))
BASE = f"http://127.0.0.1:{PORT}"
QUEUE = reverse("admin:commitments_mention_review")
TEXT = "Today, we announce the establishment of the Trilateral Secretariat in Seoul."


def suggestions(n):
    statement = make_statement(body=TEXT)
    clause = make_clause(statement=statement, text=TEXT)
    start = TEXT.index("Trilateral Secretariat")
    return [
        make_mention(
            clause=clause,
            commitment=make_commitment(f"Secretariat {round_}"),
            stage="achieved",
            origin=Mention.Origin.SUGGESTED,
            review=Mention.Review.PENDING,
            span_start=start,
            span_end=start + len("Trilateral Secretariat"),
            score=0.8,
        )
        for round_ in range(n)
    ]


def editor(name):
    user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True})
    user.set_password("bench-only-password")
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def logged_in(name):
    session = requests.Session()
    page = session.get(f"{BASE}/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{BASE}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": name, "password": "bench-only-password"},
        headers={"Referer": f"{BASE}/admin/login/"},
        timeout=10,
    )
    return session


def press(session, mention, do, barrier, told):
    page = session.get(f"{BASE}{QUEUE}", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "do": f"{do}-{mention.pk}",
        f"version-{mention.pk}": "1",
        f"stage-{mention.pk}": "achieved",
        "next": QUEUE,
    }
    barrier.wait(timeout=30)
    answer = session.post(
        f"{BASE}{QUEUE}", data=data, headers={"Referer": BASE + QUEUE}, timeout=30
    )
    told.append(
        (do, answer.status_code, "Left unchanged" in answer.text, "suggestion." in answer.text)
    )


def main():
    if "bench" in connection.settings_dict["NAME"]:
        sys.exit("Run this on a scratch database, not a benchmark corpus: it writes.")
    editor("bench-editor-a"), editor("bench-editor-b")
    mentions = suggestions(ROUNDS)
    connection.close()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "trilat.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    try:
        for _ in range(50):
            try:
                requests.get(f"{BASE}/robots.txt", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.3)
        a, b = logged_in("bench-editor-a"), logged_in("bench-editor-b")
        problems = []
        for mention in mentions:
            barrier, told = threading.Barrier(2), []
            threads = [
                threading.Thread(target=press, args=(a, mention, "accept", barrier, told)),
                threading.Thread(target=press, args=(b, mention, "reject", barrier, told)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            mention.refresh_from_db()
            decisions = mention.history.exclude(review=Mention.Review.PENDING).count()
            refused = sum(1 for _, _, left, _ in told if left)
            if (
                mention.review == Mention.Review.PENDING
                or mention.version != 2
                or refused != 1
                or decisions != 1
                or any(status != 200 for _, status, _, _ in told)
            ):
                problems.append((mention.pk, mention.review, mention.version, told, decisions))
        accepted = sum(
            m.review == "accepted" for m in Mention.objects.filter(pk__in=[m.pk for m in mentions])
        )
        print(
            f"{ROUNDS} suggestions, each accepted and rejected at the same moment by two editors:"
        )
        print(
            f"  accepted {accepted}, rejected {ROUNDS - accepted}; exactly one decision each and the"
        )
        print(f"  other editor told it was left unchanged: {ROUNDS - len(problems)} of {ROUNDS}")
        for problem in problems:
            print("  PROBLEM", problem)
        sys.exit(1 if problems else 0)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

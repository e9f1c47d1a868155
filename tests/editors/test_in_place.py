"""Accept, reject, stage, commitment and undo in place, on the desk and in the review queue."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from commitments.models import Mention
from tests.builders import make_clause, make_commitment, make_mention, make_statement

pytestmark = pytest.mark.django_db

ACT = reverse("admin:commitments_mention_act")
QUEUE = reverse("admin:commitments_mention_review")
TEXT = "Today, we announce the establishment of the Trilateral Secretariat in Seoul."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def suggestion():
    statement = make_statement(body=TEXT)
    clause = make_clause(statement=statement, text=TEXT)
    start = TEXT.index("Trilateral Secretariat")
    return make_mention(
        clause,
        make_commitment("Trilateral Secretariat"),
        "pledged",
        origin="suggested",
        review="pending",
        score=0.8,
        span_start=start,
        span_end=start + 22,
    )


def desk(mention):
    return reverse("admin:commitments_statement_tag", args=[mention.clause.statement_id])


def act(client, mention, do, view="desk", htmx=True, **fields):
    data = {
        "do": do,
        "mention": mention.pk,
        "version": mention.version,
        "clause": mention.clause_id,
        "stage": mention.stage,
        "view": view,
        "next": desk(mention) if view == "desk" else QUEUE,
        **fields,
    }
    return client.post(ACT, data, **(HTMX if htmx else {}))


def undo_token(page):
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_accepting_in_place_answers_the_clause_and_a_message_naming_the_change(
    client, editor, suggestion
):
    client.force_login(editor)
    page = act(client, suggestion, "accept", stage="achieved").content.decode()
    assert page.lstrip().startswith('<article class="desk-clause" id="clause-1"')
    assert "Accepted: clause 1 speaks of “Trilateral Secretariat”, achieved." in page
    assert 'class="desk-mention is-accepted"' in page
    suggestion.refresh_from_db()
    assert (suggestion.review, suggestion.stage, suggestion.reviewed_by) == (
        "accepted",
        "achieved",
        editor,
    )


def test_the_undo_of_the_message_takes_the_decision_back(client, editor, suggestion):
    client.force_login(editor)
    token = undo_token(act(client, suggestion, "reject").content.decode())
    response = client.post(
        ACT,
        {"do": "undo", "token": token, "clause": suggestion.clause_id, "view": "desk"},
        **HTMX,
    )
    assert "Undone: Rejected: clause 1 does not speak of “Trilateral Secretariat”." in (
        response.content.decode()
    )
    suggestion.refresh_from_db()
    assert suggestion.review == "pending"


def test_an_altered_undo_is_refused(client, editor, suggestion):
    client.force_login(editor)
    token = undo_token(act(client, suggestion, "reject").content.decode())
    response = client.post(
        ACT, {"do": "undo", "token": token[:-2] + "xx", "clause": suggestion.clause_id}, **HTMX
    )
    assert "expired or was altered" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.review == "rejected"


def test_a_decision_from_an_old_version_is_refused_and_shown(client, editor, suggestion):
    client.force_login(editor)
    act(client, suggestion, "stage", stage="achieved")
    page = act(client, suggestion, "reject").content.decode()  # still carries version 1
    assert "after you opened it" in page and "Nothing was changed." in page
    assert "is-error" in page
    suggestion.refresh_from_db()
    assert (suggestion.review, suggestion.stage) == ("pending", "achieved")


def test_changing_the_stage_in_place_keeps_the_suggestion_pending(client, editor, suggestion):
    client.force_login(editor)
    page = act(client, suggestion, "stage", stage="achieved").content.decode()
    assert "Clause 1: “Trilateral Secretariat” is now achieved (was pledged)." in page
    suggestion.refresh_from_db()
    assert (suggestion.review, suggestion.stage) == ("pending", "achieved")


def test_changing_the_commitment_in_place_links_the_chosen_one(client, editor, suggestion):
    other = make_commitment("Trilateral coordinating mechanism")
    client.force_login(editor)
    page = act(client, suggestion, "commitment", commitment=other.pk).content.decode()
    assert "now speaks of “Trilateral coordinating mechanism”" in page
    assert "the suggestion “Trilateral Secretariat” was rejected" in page
    suggestion.refresh_from_db()
    assert suggestion.review == "rejected"
    chosen = Mention.objects.get(commitment=other)
    assert (chosen.clause_id, chosen.review) == (suggestion.clause_id, "accepted")


def test_without_javascript_the_page_shows_the_message_and_its_undo(client, editor, suggestion):
    client.force_login(editor)
    response = act(client, suggestion, "accept", htmx=False)
    assert response.status_code == 302
    assert response.url.startswith(desk(suggestion) + "?done=")
    assert response.url.endswith("#clause-1")
    page = client.get(response.url).content.decode()
    assert "Accepted: clause 1 speaks of “Trilateral Secretariat”, pledged." in page
    assert 'value="undo"' in page


def test_in_the_queue_the_answer_is_the_queue_block(client, editor, suggestion):
    client.force_login(editor)
    page = act(client, suggestion, "accept", view="queue").content.decode()
    assert page.lstrip().startswith(
        f'<article class="desk-clause" id="queue-clause-{suggestion.clause_id}"'
    )


def test_the_queue_shows_each_clause_once_with_its_suggestions(client, editor, suggestion):
    make_mention(
        suggestion.clause, make_commitment("Korea-U.S.-Japan Secretariat"), review="pending"
    )
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()
    assert page.count(TEXT[:30]) == 1
    assert page.count('class="desk-mention is-pending"') == 2


def test_staff_in_no_group_cannot_act(client, suggestion):
    client.force_login(User.objects.create_user("guest", password="pw", is_staff=True))
    assert act(client, suggestion, "accept").status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.review == "pending"

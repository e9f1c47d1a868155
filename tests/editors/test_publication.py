"""Publishing from the admin: drafts shown with their pending suggestions, a confirmation that
says how many, the statement page's buttons, and who may do it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from commitments.models import Statement
from tests.builders import make_clause, make_commitment, make_meeting, make_mention, make_statement

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:commitments_statement_changelist"


@pytest.fixture
def draft():
    statement = make_statement(make_meeting(published=False), published=False, title="A draft")
    clause = make_clause(statement, "We will cooperate.")
    make_mention(clause, make_commitment(), review="pending")
    make_mention(make_clause(statement, "We will also act."), make_commitment(), review="pending")
    return statement


def test_editors_see_drafts_with_their_number_of_pending_suggestions(client, editor, draft):
    client.force_login(editor)

    page = client.get(reverse(CHANGELIST), {"publication": "draft"}).content.decode()

    assert "A draft" in page
    assert "draft, 2 suggestions to review" in page


def test_publishing_with_pending_suggestions_asks_first_and_says_how_many(client, editor, draft):
    client.force_login(editor)
    data = {"action": "publish_selected", "_selected_action": [draft.pk]}

    asked = client.post(reverse(CHANGELIST), data)

    assert asked.status_code == 200
    assert "2 suggestions still await review" in asked.content.decode()
    assert not Statement.objects.get(pk=draft.pk).is_published

    client.post(reverse(CHANGELIST), {**data, "confirm": "yes"})

    assert Statement.objects.get(pk=draft.pk).is_published


def test_the_statement_page_publishes_after_a_confirmation(client, editor, draft):
    client.force_login(editor)
    url = reverse("admin:commitments_statement_publish", args=[draft.pk])

    page = client.get(url).content.decode()
    assert "2 suggestions still await review" in page
    assert not Statement.objects.get(pk=draft.pk).is_published

    client.post(url)
    assert Statement.objects.get(pk=draft.pk).is_published

    client.post(reverse("admin:commitments_statement_unpublish", args=[draft.pk]))
    assert not Statement.objects.get(pk=draft.pk).is_published


def test_staff_in_no_group_may_not_publish(client, draft):
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)

    response = client.post(reverse("admin:commitments_statement_publish", args=[draft.pk]))

    assert response.status_code == 403
    assert not Statement.objects.get(pk=draft.pk).is_published


def test_publishing_shows_in_the_statements_history(client, editor, draft):
    client.force_login(editor)
    client.post(reverse("admin:commitments_statement_publish", args=[draft.pk]))

    history = client.get(reverse("admin:commitments_statement_history", args=[draft.pk]))

    assert "published" in history.content.decode()

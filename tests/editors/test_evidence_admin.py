"""Evidence and assessments in the admin: who may write them, guarded edits, history and revert,
publication with a confirmation."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from commitments.evidence import Assessment, Evidence
from tests.builders import make_actor, make_assessment, make_commitment, make_evidence

pytestmark = pytest.mark.django_db
EVIDENCE_ADD = "admin:commitments_evidence_add"
ASSESSMENT_ADD = "admin:commitments_assessment_add"


def _evidence_post(commitment, **over):
    data = {
        "commitments": [commitment.pk],
        "kind": "news",
        "url": "https://news.example.org/step",
        "publisher": "Example News",
        "date": "2024-05-01",
        "title": "A step taken",
        "summary": "It reports a step, in our words.",
        "quote": "",
    }
    return {**data, **over}


@pytest.fixture
def analyst(db):
    return User.objects.create_user("analyst", "a@example.org", "pw", is_staff=True)


def test_staff_outside_the_groups_cannot_add_or_change_evidence(client, analyst):
    commitment = make_commitment()
    evidence = make_evidence(commitment)
    client.force_login(analyst)

    added = client.post(reverse(EVIDENCE_ADD), _evidence_post(commitment))
    changed = client.get(reverse("admin:commitments_evidence_change", args=[evidence.pk]))
    assessed = client.get(reverse(ASSESSMENT_ADD))

    assert added.status_code == 403
    assert changed.status_code == 403
    assert assessed.status_code == 403
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize("who", ["editor", "ingestor"])
def test_editors_and_ingestors_add_evidence_as_a_draft(client, request, who):
    user = request.getfixturevalue(who)
    commitment = make_commitment()
    client.force_login(user)

    response = client.post(reverse(EVIDENCE_ADD), _evidence_post(commitment))

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.published_at is None
    assert list(evidence.commitments.all()) == [commitment]
    assert evidence.history.first().history_user == user


def test_a_url_that_is_not_http_is_refused_with_words(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse(EVIDENCE_ADD), _evidence_post(make_commitment(), url="javascript:alert(1)")
    )

    assert response.status_code == 200
    assert "starting with http:// or https://" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_assessment_without_evidence_is_refused_by_the_form(client, editor):
    client.force_login(editor)
    data = {
        "commitment": make_commitment().pk,
        "party": "",
        "as_of": "2024-07-01",
        "rating": "substantial",
        "rationale": "Most of it done.",
    }

    response = client.post(reverse(ASSESSMENT_ADD), data)

    assert response.status_code == 200
    assert "at least one evidence item" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_concurrent_edit_of_evidence_is_refused(client, editor):
    commitment = make_commitment()
    evidence = make_evidence(commitment)
    url = reverse("admin:commitments_evidence_change", args=[evidence.pk])
    client.force_login(editor)
    loaded = {**_evidence_post(commitment, title="Mine"), "loaded_version": "1"}
    Evidence.objects.filter(pk=evidence.pk).update(version=2, title="Theirs")

    response = client.post(url, loaded)

    assert "after you opened it" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.title == "Theirs"


def test_an_edit_is_in_the_history_and_can_be_reverted(client, editor):
    commitment = make_commitment()
    client.force_login(editor)
    client.post(reverse(EVIDENCE_ADD), _evidence_post(commitment, title="First words"))
    evidence = Evidence.objects.get()
    change = reverse("admin:commitments_evidence_change", args=[evidence.pk])
    client.post(change, {**_evidence_post(commitment, title="Second words"), "loaded_version": "1"})
    first = evidence.history.order_by("history_date").first()

    revert = reverse("admin:commitments_evidence_simple_history", args=[evidence.pk, first.pk])
    form = client.get(revert)
    assert "First words" in form.content.decode()
    client.post(revert, {**_evidence_post(commitment, title="First words"), "loaded_version": "2"})

    evidence.refresh_from_db()
    assert evidence.title == "First words"
    assert evidence.history.count() >= 3


def test_publishing_assessments_asks_and_names_the_draft_evidence_published_with_them(
    client, editor
):
    commitment = make_commitment()
    draft = make_evidence(commitment, published=False, title="Draft ministry report")
    assessment = make_assessment(commitment, evidence=[draft], published=False)
    client.force_login(editor)
    data = {"action": "publish_selected", "_selected_action": [assessment.pk]}
    changelist = reverse("admin:commitments_assessment_changelist")

    asked = client.post(changelist, data)

    assert "Draft ministry report" in asked.content.decode()
    assessment.refresh_from_db()
    assert assessment.published_at is None

    client.post(changelist, {**data, "confirm": "yes"})

    assessment.refresh_from_db()
    draft.refresh_from_db()
    assert assessment.is_published and draft.is_published


def test_unpublishing_evidence_under_a_published_assessment_is_refused(client, editor):
    commitment = make_commitment()
    evidence = make_evidence(commitment)
    make_assessment(commitment, evidence=[evidence], as_of=datetime.date(2024, 7, 1))
    client.force_login(editor)
    data = {"action": "unpublish_selected", "_selected_action": [evidence.pk], "confirm": "yes"}

    response = client.post(reverse("admin:commitments_evidence_changelist"), data, follow=True)

    assert "unpublish them first" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.is_published


def test_nobody_but_a_superuser_deletes_an_assessment(client, editor):
    assessment = make_assessment(make_commitment())
    client.force_login(editor)

    response = client.post(
        reverse("admin:commitments_assessment_delete", args=[assessment.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_revert_brings_back_the_commitments_the_evidence_spoke_to(client, editor):
    first, second = make_commitment(title="First one"), make_commitment(title="Second one")
    client.force_login(editor)
    client.post(reverse(EVIDENCE_ADD), _evidence_post(first))
    evidence = Evidence.objects.get()
    change = reverse("admin:commitments_evidence_change", args=[evidence.pk])
    client.post(change, {**_evidence_post(second), "loaded_version": "1"})
    assert list(evidence.commitments.all()) == [second]
    # the versions the first editor's save left (its links are written after the row)
    linked = [
        r
        for r in evidence.history.order_by("history_date")
        if list(r.commitments.values_list("commitment_id", flat=True)) == [first.pk]
    ]
    oldest = linked[-1]

    revert = reverse("admin:commitments_evidence_simple_history", args=[evidence.pk, oldest.pk])
    form = client.get(revert).context["adminform"].form

    assert form.initial["commitments"] == [first.pk]


def test_the_party_filter_offers_the_three_together_and_each_party(client, editor):
    commitment = make_commitment()
    japan = make_actor("Japan", slug="japan")
    together = make_assessment(commitment, rationale="All three on track.")
    by_japan = make_assessment(commitment, party=japan, rationale="Japan on track.")
    client.force_login(editor)
    changelist = reverse("admin:commitments_assessment_changelist")

    offered = client.get(changelist).content.decode()
    only_together = client.get(changelist, {"party": "together"}).context["cl"].result_list
    only_japan = client.get(changelist, {"party": "JP"}).context["cl"].result_list

    assert "the three together" in offered and "?party=JP" in offered
    assert list(only_together) == [together]
    assert list(only_japan) == [by_japan]


def test_the_publish_actions_name_what_they_act_on(client, editor):
    make_assessment(make_commitment())  # the admin offers actions only on a list with rows
    client.force_login(editor)

    evidence = client.get(reverse("admin:commitments_evidence_changelist")).content.decode()
    assessments = client.get(reverse("admin:commitments_assessment_changelist")).content.decode()

    assert "Publish selected evidence…" in evidence
    assert "Unpublish selected assessments…" in assessments


def test_the_evidence_list_filters_by_the_three_parties_only(client, editor):
    japan = make_actor("Japan", slug="japan")
    make_actor("China", slug="china")
    about_japan = make_evidence(parties=[japan], title="Tokyo reports")
    make_evidence(title="A general report")
    client.force_login(editor)
    changelist = reverse("admin:commitments_evidence_changelist")

    offered = client.get(changelist).content.decode()
    only_japan = client.get(changelist, {"parties": "JP"}).context["cl"].result_list

    assert "?parties=JP" in offered and "China" not in offered
    assert list(only_japan) == [about_japan]


def test_the_assessment_list_lets_long_titles_wrap(client, editor):
    # The admin keeps a foreign key's column on one line: a long title would push the rating
    # and the date out of sight.
    make_assessment(make_commitment(title="A long commitment title " * 4))
    client.force_login(editor)

    html = client.get(reverse("admin:commitments_assessment_changelist")).content.decode()

    assert re.search(r'<th class="field-commitment_title">', html)  # not "… nowrap"

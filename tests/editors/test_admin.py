import pytest
from django.contrib import admin
from django.urls import reverse

from tests.builders import make_mention

pytestmark = pytest.mark.django_db

MODEL_ADMINS = [
    model._meta for model in admin.site._registry if model._meta.app_label == "commitments"
]


@pytest.mark.parametrize("opts", MODEL_ADMINS, ids=lambda opts: opts.model_name)
def test_every_changelist_and_add_page_opens_for_a_superuser(client, superuser, opts):
    make_mention()
    client.force_login(superuser)
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    changelist_searched = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "korea"}
    )
    assert changelist_searched.status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in {200, 403}  # 403 only where adding is deliberately closed


def test_every_model_of_the_domain_is_registered():
    names = {opts.model_name for opts in MODEL_ADMINS}
    assert {
        "actor",
        "topic",
        "meetingseries",
        "meeting",
        "participation",
        "statement",
        "clause",
        "commitment",
        "commitmentalias",
        "mention",
    } <= names


def test_an_anonymous_user_reaches_no_admin_page(client):
    for url in [reverse("admin:index"), reverse("admin:commitments_commitment_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_an_editor_can_tag_but_not_edit_statements(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:commitments_mention_add")).status_code == 200
    assert client.get(reverse("admin:commitments_commitment_add")).status_code == 200
    assert client.get(reverse("admin:commitments_statement_add")).status_code == 403
    assert not editor.has_perm("commitments.ingest_statement")


def test_an_ingestor_may_ingest_and_edit_statements(ingestor):
    assert ingestor.has_perm("commitments.ingest_statement")
    assert ingestor.has_perm("commitments.change_statement")
    assert ingestor.has_perm("commitments.change_mention")


def test_commitment_history_is_visible_in_the_admin(client, superuser):
    mention = make_mention()
    commitment = mention.commitment
    commitment.title = "Renamed"
    commitment.save()
    client.force_login(superuser)
    response = client.get(reverse("admin:commitments_commitment_history", args=[commitment.pk]))
    assert response.status_code == 200
    assert "Renamed" in response.content.decode()


def test_history_pages_carry_no_inline_style(client, superuser):
    commitment = make_mention().commitment
    commitment.title = "Renamed"
    commitment.save()
    client.force_login(superuser)

    html = client.get(
        reverse("admin:commitments_commitment_history", args=[commitment.pk])
    ).content.decode()

    assert "Renamed" in html
    assert " style=" not in html and "<style" not in html
    assert "css/admin_history.css" in html

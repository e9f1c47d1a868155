"""Editors keep the synonyms search expands queries with, in the admin."""

import pytest
from django.urls import reverse

from browse import search
from commitments.models import Synonym, SynonymGroup
from tests.builders import make_clause, make_commitment, make_mention

pytestmark = pytest.mark.django_db

ADD = "admin:commitments_synonymgroup_add"


def _post(client, terms, note="Quad"):
    data = {
        "note": note,
        "synonyms-TOTAL_FORMS": str(len(terms)),
        "synonyms-INITIAL_FORMS": "0",
        "synonyms-MIN_NUM_FORMS": "0",
        "synonyms-MAX_NUM_FORMS": "1000",
    }
    for n, term in enumerate(terms):
        data[f"synonyms-{n}-term"] = term
    return client.post(reverse(ADD), data)


def test_an_editor_adds_a_group_and_search_follows(client, editor):
    commitment = make_commitment("Dialogue of four")
    make_mention(
        clause=make_clause(text="The Quadrilateral Security Dialogue met."), commitment=commitment
    )
    client.force_login(editor)
    assert search.text_ranks("quad") == {}

    response = _post(client, ["Quad", "Quadrilateral Security Dialogue"])

    assert response.status_code == 302
    group = SynonymGroup.objects.get(note="Quad")
    assert sorted(group.synonyms.values_list("key", flat=True)) == [
        "quad",
        "quadrilateral security dialogue",
    ]
    assert list(search.text_ranks("quad")) == [commitment.pk]


def test_a_term_of_another_group_is_refused_with_words(client, editor):
    other = SynonymGroup.objects.create(note="other")
    Synonym.objects.create(group=other, term="Quad")
    client.force_login(editor)

    response = _post(client, ["QUAD", "Quadrilateral Security Dialogue"])

    assert response.status_code == 200
    assert "already in another group" in response.content.decode()
    assert not SynonymGroup.objects.filter(note="Quad").exists()


def test_the_same_term_twice_is_refused_with_words(client, editor):
    client.force_login(editor)

    response = _post(client, ["Quad", "quad."])

    assert response.status_code == 200
    assert "are the same synonym" in response.content.decode()
    assert not SynonymGroup.objects.filter(note="Quad").exists()


def test_a_term_without_a_letter_is_refused(client, editor):
    client.force_login(editor)

    response = _post(client, ["Quad", "---"])

    assert response.status_code == 200
    assert "at least one letter or digit" in response.content.decode()


def test_editors_may_change_and_delete_synonyms(editor):
    for action in ("add", "change", "delete"):
        assert editor.has_perm(f"commitments.{action}_synonymgroup")
        assert editor.has_perm(f"commitments.{action}_synonym")

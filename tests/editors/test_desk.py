"""The tagging desk: who may open it, what it shows, tagging without JavaScript and with htmx."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from commitments.models import Commitment, Mention
from commitments.suggest import rebuild_index
from tests.builders import make_clause, make_commitment, make_mention, make_statement, make_topic

pytestmark = pytest.mark.django_db

FIRST = "The leaders met in Lima."
SECOND = "Today, we announce the establishment of the Trilateral Secretariat in Seoul."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def statement():
    statement = make_statement(body=f"{FIRST} {SECOND}", title="Lima Joint Statement")
    make_clause(statement=statement, text=FIRST, position=1)
    make_clause(statement=statement, text=SECOND, position=2)
    return statement


def desk(statement):
    return reverse("admin:commitments_statement_tag", args=[statement.pk])


def second_clause(statement):
    return statement.clauses.get(position=2)


def test_an_anonymous_user_is_sent_to_log_in(client, statement):
    response = client.get(desk(statement))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_in_no_group_is_refused(client, statement):
    client.force_login(User.objects.create_user("guest", password="pw", is_staff=True))
    assert client.get(desk(statement)).status_code == 403


@pytest.mark.parametrize("who", ["editor", "ingestor"])
def test_editors_and_ingestors_open_the_desk(client, statement, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(desk(statement)).status_code == 200


def test_the_desk_shows_the_clauses_in_reading_order_with_their_mentions(client, editor, statement):
    clause = second_clause(statement)
    start = SECOND.index("Trilateral Secretariat")
    make_mention(
        clause,
        make_commitment("Trilateral Secretariat"),
        "achieved",
        span_start=start,
        span_end=start + len("Trilateral Secretariat"),
    )
    client.force_login(editor)
    page = client.get(desk(statement)).content.decode()
    assert page.index(FIRST) < page.index("the establishment of the")
    assert 'title="Trilateral Secretariat">Trilateral Secretariat</mark> in Seoul.' in page
    assert '<mark class="mark-accepted"' in page
    assert "Clause 2" in page and "Trilateral Secretariat" in page


def test_the_desk_documents_its_keys_and_carries_no_inline_script_or_style(
    client, editor, statement
):
    client.force_login(editor)
    page = client.get(desk(statement)).content.decode()
    for key in ["j", "k", "a", "r"]:
        assert f"<kbd>{key}</kbd>" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page


def test_the_statement_page_links_to_its_desk(client, editor, statement):
    client.force_login(editor)
    url = reverse("admin:commitments_statement_change", args=[statement.pk])
    assert desk(statement) in client.get(url).content.decode()


def test_without_javascript_the_typed_words_become_the_span(client, editor, statement):
    clause = second_clause(statement)
    commitment = make_commitment("Trilateral Secretariat")
    client.force_login(editor)
    opened = client.get(desk(statement), {"clause": 2})
    assert 'id="tag-panel"' in opened.content.decode()
    response = client.post(
        desk(statement),
        {
            "do": "tag",
            "clause": clause.pk,
            "words": "Trilateral Secretariat",
            "commitment": commitment.pk,
            "stage": "achieved",
        },
    )
    assert response.status_code == 302
    assert response.url.startswith(desk(statement) + "?done=")
    assert response.url.endswith("#clause-2")
    mention = Mention.objects.get(clause=clause, commitment=commitment)
    assert SECOND[mention.span_start : mention.span_end] == "Trilateral Secretariat"
    page = client.get(response.url).content.decode()
    assert "Tagged clause 2: “Trilateral Secretariat” speaks of “Trilateral Secretariat”" in page
    assert 'value="undo"' in page


def test_words_that_are_not_in_the_clause_are_refused_and_the_input_kept(client, editor, statement):
    clause = second_clause(statement)
    commitment = make_commitment("Trilateral Secretariat")
    client.force_login(editor)
    response = client.post(
        desk(statement),
        {
            "do": "tag",
            "clause": clause.pk,
            "words": "Quad Secretariat",
            "commitment": commitment.pk,
            "stage": "expanded",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“Quad Secretariat” is not in clause 2" in page
    assert 'value="Quad Secretariat"' in page
    assert '<option value="expanded" selected>' in page
    assert not Mention.objects.exists()


def test_offsets_that_do_not_hold_the_words_are_refused(client, editor, statement):
    clause = second_clause(statement)
    client.force_login(editor)
    response = client.post(
        desk(statement),
        {
            "do": "tag",
            "clause": clause.pk,
            "span_start": 0,
            "span_end": 5,
            "words": "Trilateral",
            "commitment": make_commitment().pk,
            "stage": "pledged",
        },
        **HTMX,
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#tag-panel"
    assert "not at that place" in response.content.decode()
    assert not Mention.objects.exists()


def test_with_htmx_the_clause_comes_back_with_a_message_and_an_undo(client, editor, statement):
    clause = second_clause(statement)
    commitment = make_commitment("Trilateral Secretariat")
    start = SECOND.index("Trilateral")
    client.force_login(editor)
    response = client.post(
        desk(statement),
        {
            "do": "tag",
            "clause": clause.pk,
            "span_start": start,
            "span_end": start + 22,
            "words": "Trilateral Secretariat",
            "commitment": commitment.pk,
            "stage": "achieved",
        },
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<article class="desk-clause" id="clause-2"')
    assert 'id="desk-status"' in page and 'hx-swap-oob="true"' in page
    assert 'hx-target="#clause-2"' in page  # the Undo swaps the clause in place


def test_a_new_commitment_from_selected_words_needs_a_topic(client, editor, statement):
    clause = second_clause(statement)
    client.force_login(editor)
    data = {
        "do": "tag",
        "clause": clause.pk,
        "words": "Trilateral Secretariat",
        "commitment": "new",
        "title": "Trilateral Secretariat",
        "stage": "achieved",
    }
    refused = client.post(desk(statement), data)
    assert refused.status_code == 400
    assert "Choose at least one topic" in refused.content.decode()
    assert not Commitment.objects.exists()
    topic = make_topic("Institutions")
    client.post(desk(statement), {**data, "topics": [topic.pk]})
    commitment = Commitment.objects.get(title="Trilateral Secretariat")
    assert list(commitment.topics.all()) == [topic]
    mention = commitment.mentions.get()
    assert SECOND[mention.span_start : mention.span_end] == "Trilateral Secretariat"


def test_the_panel_offers_the_commitments_the_selected_words_name(client, editor, statement):
    clause = second_clause(statement)
    wanted = make_commitment("Trilateral Secretariat")
    make_commitment("Minerals Security Partnership")
    rebuild_index()
    start = SECOND.index("Trilateral")
    client.force_login(editor)
    response = client.get(
        reverse("admin:commitments_statement_tag_panel", args=[statement.pk]),
        {"clause": clause.pk, "start": start, "end": start + 22},
        **HTMX,
    )
    page = response.content.decode()
    assert "Best matches for these words" in page
    assert f'value="{wanted.pk}"' in page
    assert "Minerals Security Partnership" not in page
    assert '<option value="achieved" selected>' in page  # "announce the establishment"
    assert 'value="Trilateral Secretariat"' in page  # the new commitment's title


def test_searching_commitments_finds_them_by_alias(client, editor):
    commitment = make_commitment("Trilateral coordinating mechanism")
    commitment.aliases.create(name="Trilateral Secretariat")
    make_commitment("Freedom Edge")
    client.force_login(editor)
    page = client.get(
        reverse("admin:commitments_mention_choices"), {"q": "secretariat", "prefix": "tag"}
    ).content.decode()
    assert "Trilateral coordinating mechanism" in page
    assert "also “Trilateral Secretariat”" in page
    assert "Freedom Edge" not in page

import re

import pytest

from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_every_clause_is_addressable(client, world):
    html = client.get("/statements/spirit-of-camp-david/").content.decode()
    for n in (1, 2, 3):
        assert f'id="clause-{n}"' in html


def test_the_body_keeps_its_paragraphs(client, world):
    response = client.get("/statements/spirit-of-camp-david/")
    paragraphs = response.context["text"].paragraphs
    assert len(paragraphs) == 3
    assert paragraphs[0][0].text == "We gather at Camp David."
    assert [p.clause.position for p in paragraphs[1]] == [1, 2]


def test_tagged_clauses_are_highlighted_and_linked_to_their_commitments(client, world):
    html = client.get("/statements/spirit-of-camp-david/").content.decode()
    assert 'id="clause-1" class="clause tagged"' in html
    assert 'href="/commitments/freedom-edge/"' in html


def test_pending_mentions_are_not_linked(client, world):
    html = client.get("/statements/vfm-may-readout/").content.decode()
    assert 'href="/commitments/maritime-cooperation/"' in html
    assert 'href="/commitments/trilateral-secretariat/"' not in html


def test_official_text_and_translation_side_by_side(client, world):
    html = client.get("/statements/lima-statement/").content.decode()
    official = html.index('id="clause-1"')
    translation = html.index("Today, the leaders launched the Trilateral Secretariat.")
    assert official < translation < html.index('id="clause-2"')
    assert 'href="/statements/lima-statement-translation/#clause-1"' in html


def test_translation_page_shows_the_official_text_beside_it(client, world):
    html = client.get("/statements/lima-statement-translation/").content.decode()
    assert "An unofficial translation of" in html
    assert 'href="/statements/lima-statement/#clause-1"' in html


def test_unknown_statement_is_not_found(client, world):
    assert client.get("/statements/nothing/").status_code == 404


def test_each_clause_shows_the_number_its_anchor_names(client, world):
    html = client.get("/statements/spirit-of-camp-david/").content.decode()
    for n in (1, 2, 3):
        assert re.search(
            rf'<span id="clause-{n}" class="clause[^"]*"><a class="clause-num" href="#clause-{n}">'
            rf'<span class="visually-hidden">Clause </span>{n}</a>',
            html,
        )


def test_a_translation_numbers_its_own_clauses_and_the_official_ones(client, world):
    html = client.get("/statements/lima-statement-translation/").content.decode()
    own = re.findall(
        r'<a class="clause-num" href="#clause-(\d+)"><span[^>]*>Clause </span>(\d+)<', html
    )
    assert own and all(anchor == shown for anchor, shown in own)
    assert re.search(r'class="counterpart-link" href="/statements/lima-statement/#clause-1"', html)


@pytest.mark.parametrize("slug", ["lima-statement", "lima-statement-translation"])
def test_the_page_runs_a_fixed_number_of_queries(
    client, world, slug, django_assert_max_num_queries
):
    # the statement, its clauses, their public mentions, their counterparts, its translations:
    # nothing loaded again per clause or per translation
    with django_assert_max_num_queries(5):
        html = client.get(f"/statements/{slug}/").content.decode()
    assert 'class="counterpart-link"' in html

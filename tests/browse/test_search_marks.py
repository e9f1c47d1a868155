"""A search in the browser: matched words marked (escaped), relevance first unless a sort is
chosen, the facets' counts within the search, the same rows from the API and the exports."""

import pytest

from browse import highlight
from browse.search_query import parse
from commitments.models import Synonym, SynonymGroup
from tests.builders import make_clause, make_commitment, make_mention
from tests.world import build_world

pytestmark = pytest.mark.django_db


def _marked(marked):
    return [text for text, is_marked in marked.parts if is_marked]


def test_marks_follow_word_forms_and_skip_stop_words():
    stems = highlight.query_stems(parse("launches of missile"))
    marked = highlight.mark("The missiles launched, of all things.", stems)

    assert _marked(marked) == ["missiles launched"]  # one mark: adjacent words join
    assert "".join(text for text, _ in marked.parts) == "The missiles launched, of all things."


def test_excluded_words_are_not_marked():
    stems = highlight.query_stems(parse("data -missile"))

    assert _marked(highlight.mark("missile data", stems)) == ["data"]


def test_a_snippet_is_cut_around_the_first_match():
    text = "Intro words. " * 20 + "Here the secretariat opens. " + "Closing words. " * 20
    snippet = highlight.snippet(text, highlight.query_stems(parse("secretariat")))

    assert snippet.parts[0] == ("… ", False)
    assert snippet.parts[-1] == (" …", False)
    assert _marked(snippet) == ["secretariat"]
    assert len("".join(text for text, _ in snippet.parts)) <= highlight.SNIPPET_LENGTH + 4
    assert highlight.snippet("Nothing here.", highlight.query_stems(parse("secretariat"))) is None


def test_the_browser_marks_the_title_and_a_snippet(client):
    world = build_world()

    response = client.get("/", {"q": "missile launches"})

    rows = response.context["result"].commitments
    assert rows[0].slug == world.condemn.slug  # title and clause both match: first
    html = response.content.decode()
    assert "<mark>missile launches</mark>" in html
    assert "<mark>" in html.split('class="c-snippet"')[1]


def test_hostile_text_is_escaped_in_marks(client):
    commitment = make_commitment("Alert <script>alert(1)</script> missile <b>plan</b>")
    make_mention(
        clause=make_clause(text="The <img src=x onerror=alert(2)> missile & more."),
        commitment=commitment,
    )

    response = client.get("/", {"q": 'alert "missile" <!-- -->'})

    html = response.content.decode()
    assert response.status_code == 200
    assert [row.id for row in response.context["result"].commitments] == [commitment.pk]
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>plan" not in html
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; <mark>missile</mark>" in html
    assert "&lt;img src=x onerror=<mark>alert</mark>(2)&gt; <mark>missile</mark> &amp;" in html
    assert 'value="alert &quot;missile&quot; &lt;!-- --&gt;"' in html


def test_relevance_is_the_order_unless_a_sort_is_chosen(client):
    world = build_world()

    by_relevance = client.get("/", {"q": "missile"}).context["result"].commitments
    by_title = client.get("/", {"q": "missile", "sort": "title"}).context["result"].commitments

    assert [row.slug for row in by_title] == sorted(
        (row.slug for row in by_title),
        key=lambda slug: next(r.title for r in by_title if r.slug == slug),
    )
    assert {row.slug for row in by_relevance} == {row.slug for row in by_title}
    assert world.warning.slug in {row.slug for row in by_relevance}


def test_the_sort_menu_names_relevance_when_searching(client):
    build_world()

    assert ">Relevance</option>" in client.get("/", {"q": "missile"}).content.decode()
    assert ">Relevance</option>" not in client.get("/").content.decode()


def test_facet_counts_are_counted_within_the_search(client):
    world = build_world()

    result = client.get("/", {"q": "missile"}).context["result"]

    counts = {choice.value: choice.count for choice in result.facets["topic"]}
    found = {row.slug for row in result.page.paginator.object_list}
    with_dprk = {c.slug for c in world.dprk.commitments.all()} & found
    assert counts["dprk"] == len(with_dprk)
    assert counts["maritime-security"] == 0
    narrowed = client.get("/", {"q": "missile", "topic": "dprk"}).context["result"]
    assert {row.slug for row in narrowed.page.paginator.object_list} == with_dprk


def test_the_api_and_the_exports_give_the_rows_of_a_synonym_search(client):
    world = build_world()
    Synonym.objects.filter(key__in=["dprk", "north korea"]).delete()
    group = SynonymGroup.objects.create(note="North Korea")
    Synonym.objects.create(group=group, term="DPRK")
    Synonym.objects.create(group=group, term="North Korea")

    page = client.get("/", {"q": "north korea missile"}).context["result"]
    slugs = [row.slug for row in page.page.paginator.object_list]
    api = client.get("/api/commitments", {"q": "north korea missile"}).json()["results"]
    export = client.get("/export/commitments.json", {"q": "north korea missile"})
    exported = b"".join(export.streaming_content) if export.streaming else export.content

    assert slugs and slugs[0] == world.condemn.slug
    assert [item["slug"] for item in api] == slugs
    assert [c["slug"] for c in __import__("json").loads(exported)["commitments"]] == slugs

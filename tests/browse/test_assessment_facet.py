"""The latest-assessment facet: the engine against the reference (tests/browse/oracle.py), on the
browser page, the API and the exports; drafts and superseded assessments never count."""

import datetime

import pytest
from django.http import QueryDict

from browse import facet_index
from browse.filters import CommitmentFilter
from browse.selection import Selection
from commitments.models import Commitment
from tests.browse import oracle
from tests.builders import make_assessment

QUERIES = [
    "",
    "assessment=together:complete",
    "assessment=together:complete&assessment=together:limited",
    "assessment=ROK:limited&topic=topic-0",
    "assessment=together:substantial&assessment=US:not_started&assessment=US:complete",
    "assessment=rok:Limited",  # parties and ratings in any case
    "assessment=JP:not_applicable",
]


def _select(query):
    return Selection(facet_index.build(), CommitmentFilter(QueryDict(query)))


@pytest.mark.parametrize("query", QUERIES)
def test_the_selection_agrees_with_the_reference(facet_world, query):
    chosen = _select(query)

    assert set(chosen.all_ids()) == oracle.selected_ids(query)
    assert chosen.all_ids() == oracle.ordered_ids(query)


@pytest.mark.parametrize("query", QUERIES)
def test_each_party_counts_what_choosing_it_would_leave(facet_world, query):
    """A choice's count is the filter with that party's choices replaced by it (the other
    parties' choices stay: AND between parties, OR within one)."""
    chosen = _select(query)

    for choice in chosen.choices()["assessment"]:
        scope = choice.group
        data = QueryDict(query, mutable=True)
        kept = [v for v in data.getlist("assessment") if v.split(":")[0].lower() != scope.lower()]
        data.setlist("assessment", [*kept, choice.value])
        assert choice.count == len(oracle.selected_ids(data.urlencode())), choice


def test_drafts_and_superseded_assessments_do_not_count(facet_world):
    first = Commitment.objects.get(slug="c0")  # assessed no_evidence, then limited (latest)

    complete = {c.value: c.count for c in _select("").choices()["assessment"]}
    limited = _select("assessment=together:limited").all_ids()
    no_evidence = _select("assessment=together:no_evidence").all_ids()

    assert first.id in limited and first.id not in no_evidence
    # drafts rated complete 400 days later, and the hidden commitment's, count nowhere
    assert complete["together:complete"] == len(oracle.selected_ids("assessment=together:complete"))
    assert "never-mentioned" not in set(
        Commitment.objects.filter(
            id__in=_select("assessment=together:complete").all_ids()
        ).values_list("slug", flat=True)
    )


def test_a_later_published_assessment_moves_the_commitment(facet_world):
    commitment = Commitment.objects.get(slug="c0")
    make_assessment(commitment, "complete", as_of=datetime.date(2026, 1, 1))

    assert commitment.id in _select("assessment=together:complete").all_ids()
    assert commitment.id not in _select("assessment=together:limited").all_ids()


@pytest.mark.parametrize("value", ["together", "limited", "EU:limited", "together:good", ":"])
def test_a_malformed_value_is_refused_with_words(client, facet_world, value):
    page = client.get("/", {"assessment": value})
    api = client.get("/api/commitments", {"assessment": value})

    assert page.status_code == 400
    assert "is not an assessment" in page.content.decode()
    assert api.status_code in (400, 422)


def test_the_page_the_api_and_the_export_select_alike(client, facet_world):
    query = {"assessment": ["together:limited", "together:complete"]}
    expected = oracle.ordered_ids("assessment=together:limited&assessment=together:complete")
    slugs = list(Commitment.objects.filter(id__in=expected).values_list("slug", flat=True))

    api = client.get("/api/commitments", {**query, "per_page": 100}).json()
    response = client.get("/export/commitments.csv", query)
    csv_text = b"".join(response.streaming_content).decode()

    assert sorted(r["slug"] for r in api["results"]) == sorted(slugs)
    assert api["count"] == len(expected)
    for slug in slugs:
        assert slug in csv_text

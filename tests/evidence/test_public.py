"""What the public sees of evidence and assessments: the timeline, the disagreements, the API, the
downloads and the feed; drafts nowhere, until an editor publishes them."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from browse import facet_index
from browse.filters import CommitmentFilter
from browse.selection import Selection
from commitments.services import evidence as service
from tests.builders import make_assessment, make_evidence, the_parties
from tests.world import build_world

DRAFT = "Zanzibar draft finding"  # in drafts only


@pytest.fixture
def world(db):
    w = build_world()
    w.parties = the_parties()
    for name in ("secretariat", "warning", "exercise"):
        getattr(w, name).refresh_from_db()
    w.report = make_evidence(
        w.secretariat,
        title="Example office report",
        url="https://ministry.example.org/office",
        parties=[w.parties["ROK"]],
        date=datetime.date(2024, 11, 20),
    )
    w.limited = make_assessment(
        w.secretariat,
        "limited",
        party=w.parties["ROK"],
        evidence=[w.report],
        as_of=datetime.date(2024, 12, 1),
        rationale="An office opened; its staff is not reported.",
    )
    w.draft_evidence = make_evidence(
        w.secretariat, published=False, title=DRAFT, url="https://ministry.example.org/draft"
    )
    w.draft = make_assessment(
        w.secretariat,
        "complete",
        evidence=[w.draft_evidence],
        published=False,
        as_of=datetime.date(2025, 1, 1),
        rationale=DRAFT,
    )
    return w


def text(response):
    assert response.status_code == 200, response.status_code
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_the_timeline_shows_evidence_and_assessments_between_the_meetings(client, world):
    page = text(client.get(world.secretariat.get_absolute_url()))

    assert "Evidence · official release" in page
    assert "Our assessment · ROK" in page
    assert "https://ministry.example.org/office" in page
    # one date axis: Lima (15 Nov 2024) before the report (20 Nov) before the assessment (1 Dec)
    listed = page[page.index('id="history-heading"') :]
    assert listed.index('id="meeting-lima"') < listed.index("Example office report")
    assert listed.index("Example office report") < listed.index('id="assessment-')
    # and in the drawing, under the axis: a mark of each kind, linking to its entry
    drawn = page[
        page.index('<svg class="timeline-svg') : page.index(
            "</svg>", page.index('<svg class="timeline-svg')
        )
    ]
    assert 'href="#mark-evidence"' in drawn and 'href="#mark-assessment"' in drawn
    assert f'href="#evidence-{world.report.pk}"' in drawn


def test_the_latest_assessment_per_party_is_at_the_top(client, world):
    make_assessment(
        world.secretariat,
        "substantial",
        party=world.parties["ROK"],
        evidence=[world.report],
        as_of=datetime.date(2025, 3, 1),
    )
    page = text(client.get(world.secretariat.get_absolute_url()))
    top = page[page.index("What happened: our assessment") : page.index("Permanent link")]

    assert "substantial" in top and "1 Mar 2025" in top
    assert "limited" not in top  # the earlier one stays below, on the timeline
    assert page.count('class="entry entry-assessment"') == 2


def test_said_achieved_but_assessed_limited_is_said_in_plain_words(client, world):
    assert world.secretariat.furthest_stage == "achieved"

    page = text(client.get(world.secretariat.get_absolute_url()))

    assert "The statements say this was achieved, but no assessment of ours" in page
    assert "ROK limited" in page


def test_an_assessment_older_than_a_year_is_said_to_be(client, world):
    page = text(client.get(world.secretariat.get_absolute_url()))

    # 1 December 2024 is more than a year before any day this test runs
    assert "more than a year ago" in page


def test_said_achieved_and_never_assessed_says_so(client, world):
    world.secretariat.assessments.all().delete()

    page = text(client.get(world.secretariat.get_absolute_url()))

    assert "we have not assessed what happened yet" in page
    assert "Not assessed yet." in page


def test_drafts_are_on_no_public_surface(client, world):
    slug = world.secretariat.slug
    surfaces = [
        world.secretariat.get_absolute_url(),
        f"/api/commitments/{slug}",
        "/api/assessments",
        f"/api/assessments?commitment={slug}",
        "/export/assessments.csv",
        "/export/evidence.csv",
        f"/commitments/{slug}/feed/",
        "/assessments/disagreements/",
    ]
    for url in surfaces:
        assert DRAFT not in text(client.get(url)), url
    counts = Selection(facet_index.build(), CommitmentFilter({})).choices()["assessment"]
    assert {c.value: c.count for c in counts}.get("together:complete", 0) == 0


def test_published_together_they_appear_everywhere(client, world):
    service.publish_assessments([world.draft], with_evidence=True)
    slug = world.secretariat.slug

    for url in (
        world.secretariat.get_absolute_url(),
        f"/api/commitments/{slug}",
        "/export/assessments.csv",
        f"/commitments/{slug}/feed/",
    ):
        assert DRAFT in text(client.get(url)), url
    assert DRAFT in text(client.get("/export/evidence.csv"))
    counts = Selection(facet_index.build(), CommitmentFilter({})).choices()["assessment"]
    assert {c.value: c.count for c in counts}["together:complete"] == 1


def test_the_disagreements_list_names_said_achieved_assessed_limited(client, world):
    page = text(client.get("/assessments/disagreements/"))

    assert "Trilateral Secretariat" in page
    assert "Said achieved, assessed ROK limited." in page


def test_the_browser_links_to_the_disagreements(client, world):
    assert "/assessments/disagreements/" in text(client.get("/"))


def test_a_complete_assessment_of_a_commitment_said_only_pledged_disagrees(client, world):
    pledged = world.condemn
    pledged.refresh_from_db()
    make_assessment(pledged, "complete", as_of=datetime.date(2024, 12, 1))
    make_assessment(world.secretariat, "substantial", as_of=datetime.date(2025, 2, 1))

    page = text(client.get("/assessments/disagreements/"))

    assert f"Said {pledged.get_furthest_stage_display()} only, assessed together complete." in page
    assert "Trilateral Secretariat" not in page  # substantial together: no longer disagrees


def test_the_api_detail_carries_the_assessments_and_their_evidence(client, world):
    data = client.get(f"/api/commitments/{world.secretariat.slug}").json()

    latest = data["latest_assessments"]["ROK"]
    assert latest["rating"] == "limited"
    assert latest["evidence"][0]["source_url"] == "https://ministry.example.org/office"
    assert [e["title"] for e in data["evidence"]] == ["Example office report"]
    assert len(data["assessments"]) == 1


def test_the_assessment_list_filters_by_party_rating_and_dates(client, world):
    make_assessment(world.warning, "complete", as_of=datetime.date(2024, 6, 1))

    def slugs(**query):
        response = client.get("/api/assessments", query)
        assert response.status_code == 200, response.content
        return [r["commitment"]["slug"] for r in response.json()["results"]]

    assert slugs() == ["trilateral-secretariat", "missile-warning"]  # newest first
    assert slugs(party="ROK") == ["trilateral-secretariat"]
    assert slugs(party="together") == ["missile-warning"]
    assert slugs(rating=["complete", "substantial"]) == ["missile-warning"]
    assert slugs(after="2024-07-01") == ["trilateral-secretariat"]
    assert slugs(before="2024-07-01", commitment="missile-warning") == ["missile-warning"]


@pytest.mark.parametrize(
    "query, words",
    [
        ({"party": "EU"}, "party"),
        ({"rating": "great"}, "rating"),
        ({"after": "2025-01-01", "before": "2024-01-01"}, "later than"),
        ({"commitment": "no-such-thing"}, "There is no commitment called"),
        ({"colour": "red"}, "is not a parameter here"),
        ({"after": "yesterday"}, "after"),
    ],
)
def test_bad_assessment_list_parameters_get_a_400_with_words(client, world, query, words):
    response = client.get("/api/assessments", query)

    assert response.status_code == 400
    assert words in " ".join(response.json()["errors"])


def _rows(client, url):
    return list(csv.DictReader(io.StringIO(text(client.get(url)))))


def test_the_downloads_have_the_commitment_and_the_source_url(client, world):
    assessed = _rows(client, "/export/assessments.csv")
    found = _rows(client, "/export/evidence.csv")

    assert [(r["commitment"], r["party"], r["rating"]) for r in assessed] == [
        ("trilateral-secretariat", "ROK", "limited")
    ]
    assert assessed[0]["source_url"] == "https://ministry.example.org/office"
    assert [(r["commitment"], r["source_url"]) for r in found] == [
        ("trilateral-secretariat", "https://ministry.example.org/office")
    ]


def test_the_downloads_defuse_formulas(client, world):
    world.report.title = '=HYPERLINK("http://evil.example.org")'
    world.report.save()
    world.limited.rationale = "+cmd|' /C calc'!A0"
    world.limited.save()

    assessed = _rows(client, "/export/assessments.csv")
    found = _rows(client, "/export/evidence.csv")

    assert assessed[0]["rationale"].startswith("'+cmd")
    assert assessed[0]["evidence_titles"].startswith("'=HYPERLINK")
    assert found[0]["title"].startswith("'=HYPERLINK")


def test_a_bad_download_filter_is_refused_with_words(client, world):
    response = client.get("/export/evidence.csv", {"party": "EU"})

    assert response.status_code == 400
    assert "Party" in response.content.decode()


def test_the_feed_carries_published_assessments(client, world):
    feed = text(client.get(f"/commitments/{world.secretariat.slug}/feed/"))

    assert "assessed limited for ROK, as of 2024-12-01" in feed
    assert f"#assessment-{world.limited.pk}" in feed


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_the_timeline_reads_a_fixed_number_of_queries_however_many_assessments(client, world):
    url = world.secretariat.get_absolute_url()
    before = _queries(client, url)
    for n in range(6):
        evidence = make_evidence(world.secretariat, parties=list(world.parties.values()))
        make_assessment(
            world.secretariat,
            "substantial",
            evidence=[evidence],
            as_of=datetime.date(2025, 1, n + 1),
        )

    assert _queries(client, url) == before <= 10


def test_the_new_views_read_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(5):
        make_assessment(world.warning, "limited", as_of=datetime.date(2025, 1, n + 1))
    with django_assert_max_num_queries(3):
        client.get("/assessments/disagreements/")
    with django_assert_max_num_queries(8):
        client.get("/api/assessments")
    with django_assert_max_num_queries(8):
        text(client.get("/export/assessments.csv"))
    with django_assert_max_num_queries(8):
        text(client.get("/export/evidence.csv"))

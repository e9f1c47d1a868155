"""The rules of evidence and assessments, in the services and the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.evidence import Assessment, Evidence
from commitments.services import edits
from commitments.services import evidence as service
from tests.builders import make_assessment, make_commitment, make_evidence, the_parties

pytestmark = pytest.mark.django_db


def _values(**over):
    values = {
        "kind": Evidence.Kind.NEWS,
        "url": "https://news.example.org/a",
        "publisher": "Example News",
        "date": datetime.date(2024, 5, 1),
        "title": "A step taken",
        "summary": "It reports a step.",
    }
    return {**values, **over}


def test_evidence_may_serve_several_commitments():
    one, two = make_commitment(), make_commitment()

    evidence = service.add_evidence(commitments=[one, two], **_values())

    assert set(evidence.commitments.all()) == {one, two}
    assert evidence.published_at is None  # a draft


@pytest.mark.parametrize("url", ["ftp://example.org/a", "javascript:alert(1)", "example.org/a"])
def test_evidence_url_must_be_http_or_https(url):
    with pytest.raises(ValidationError) as error:
        service.add_evidence(commitments=[make_commitment()], **_values(url=url))

    assert "url" in error.value.message_dict
    assert not Evidence.objects.exists()


def test_the_database_refuses_a_url_that_is_not_http():
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(**_values(url="ftp://example.org/a"))


def test_an_assessment_cites_evidence_unless_no_evidence_was_found():
    commitment = make_commitment()

    with pytest.raises(edits.EditError, match="at least one evidence item"):
        service.add_assessment(
            commitment=commitment,
            as_of=datetime.date(2024, 7, 1),
            rating="limited",
            rationale="Some steps.",
        )
    found = service.add_assessment(
        commitment=commitment,
        as_of=datetime.date(2024, 7, 1),
        rating="no_evidence",
        rationale="Searched the three ministries' releases for 2024: nothing.",
    )

    assert list(found.evidence.all()) == []
    assert Assessment.objects.count() == 1


def test_not_applicable_is_for_one_party_only():
    commitment, parties = make_commitment(), the_parties()
    evidence = make_evidence(commitment)

    with pytest.raises(edits.EditError, match="Not applicable"):
        service.add_assessment(
            commitment=commitment,
            as_of=datetime.date(2024, 7, 1),
            rating="not_applicable",
            rationale="Nothing asked.",
            evidence=[evidence],
        )
    made = service.add_assessment(
        commitment=commitment,
        party=parties["JP"],
        as_of=datetime.date(2024, 7, 1),
        rating="not_applicable",
        rationale="Nothing asked of Japan.",
        evidence=[evidence],
    )
    assert made.scope == "JP"


def test_the_database_refuses_not_applicable_for_the_three_together():
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            commitment=make_commitment(),
            as_of=datetime.date(2024, 7, 1),
            rating="not_applicable",
            rationale="x",
        )


def test_a_later_assessment_never_erases_an_earlier_one():
    commitment = make_commitment()
    first = make_assessment(commitment, "limited", as_of=datetime.date(2024, 1, 1))
    second = make_assessment(commitment, "complete", as_of=datetime.date(2025, 1, 1))

    assert list(commitment.assessments.order_by("as_of")) == [first, second]


def test_publishing_an_assessment_citing_draft_evidence_is_refused_with_words():
    commitment = make_commitment()
    draft = make_evidence(commitment, published=False, title="Draft report")
    assessment = make_assessment(commitment, evidence=[draft], published=False)

    with pytest.raises(service.PublicationRefused, match="Draft report"):
        service.publish_assessments([assessment])

    assessment.refresh_from_db()
    assert assessment.published_at is None


def test_publishing_together_publishes_the_evidence_first():
    commitment = make_commitment()
    draft = make_evidence(commitment, published=False)
    assessment = make_assessment(commitment, evidence=[draft], published=False)

    outcome = service.publish_assessments([assessment], with_evidence=True)

    draft.refresh_from_db()
    assessment.refresh_from_db()
    assert draft.is_published and assessment.is_published
    assert len(outcome.published) == 2


def test_evidence_cited_by_a_published_assessment_is_not_unpublished_under_it():
    commitment = make_commitment()
    evidence = make_evidence(commitment)
    make_assessment(commitment, evidence=[evidence])

    with pytest.raises(service.PublicationRefused, match="unpublish them first"):
        service.unpublish_evidence([evidence])

    evidence.refresh_from_db()
    assert evidence.is_published


def test_publication_is_recorded_in_the_history(django_user_model):
    user = django_user_model.objects.create_user("ed")
    evidence = make_evidence(make_commitment(), published=False)

    service.publish_evidence([evidence], user)

    latest = evidence.history.order_by("-history_date").first()
    assert latest.history_user == user
    assert latest.history_change_reason == "published"


def test_a_claim_from_an_old_version_is_refused():
    evidence = make_evidence(make_commitment())
    service.claim(evidence, 1)

    stale = Evidence.objects.get(pk=evidence.pk)
    stale.version = 1
    with pytest.raises(edits.EditConflict, match="changed this evidence"):
        service.claim(stale, 1)

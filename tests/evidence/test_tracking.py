"""Evidence and assessments in the change tracking: a published one's writes, whatever makes them,
give a new data version (the facet index and cached pages follow); drafts change nothing seen."""

import datetime

import pytest
from django.db import connection

from browse import facet_index
from commitments import tracking
from commitments.evidence import Assessment
from commitments.services import evidence as service
from tests.builders import make_assessment, make_commitment, make_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(monkeypatch):
    """What the tracking hands the refresher, call by call."""
    calls = []
    refresh = tracking._services.refresh
    monkeypatch.setattr(
        tracking._services, "refresh", lambda ids: (calls.append(set(ids)), refresh(ids))
    )
    return calls


def test_editing_a_draft_reports_nothing(reports):
    draft = make_assessment(make_commitment(), published=False)
    reports.clear()

    draft.rationale = "Reworded."
    draft.save()
    Assessment.objects.filter(pk=draft.pk).update(rating="complete")

    assert reports == []


def test_publishing_and_editing_a_published_one_report(reports):
    commitment = make_commitment()
    draft = make_assessment(commitment, published=False)
    reports.clear()

    service.publish_assessments([draft])
    assert len(reports) == 1
    draft.refresh_from_db()
    draft.rating = "complete"
    draft.save()
    Assessment.objects.filter(pk=draft.pk).update(rating="substantial")

    assert len(reports) == 3


def test_relinking_published_evidence_reports(reports):
    evidence, other = make_evidence(make_commitment()), make_commitment()
    reports.clear()

    evidence.commitments.add(other)

    assert len(reports) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the data version is PostgreSQL's")
def test_publishing_moves_the_data_version(settings):
    settings.FACET_INDEX_SECONDS = 60
    draft = make_assessment(make_commitment(), published=False, as_of=datetime.date(2024, 1, 1))
    before = facet_index.data_version()

    service.publish_assessments([draft])

    assert facet_index.data_version() > before

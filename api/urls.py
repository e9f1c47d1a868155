"""Data out: the JSON API under /api/ and the downloads under /export/: the filtered browser, and
the published evidence and assessments."""

from django.urls import path

from api import comparison, evidence, exports, index
from api.endpoints import api

urlpatterns = [
    # /api/ lists the endpoints (django-ninja's own root answers 404); before api.urls to win.
    path("api/", index.api_index, name="api_index"),
    path("api/", api.urls),
    path("export/commitments.csv", exports.commitments_csv, name="export_commitments_csv"),
    path("export/mentions.csv", exports.mentions_csv, name="export_mentions_csv"),
    path("export/assessments.csv", evidence.assessments_csv, name="export_assessments_csv"),
    path("export/evidence.csv", evidence.evidence_csv, name="export_evidence_csv"),
    path("export/commitments.json", exports.commitments_json, name="export_commitments_json"),
    path("meetings/compare.csv", comparison.comparison_csv, name="export_comparison_csv"),
    path("meetings/compare.json", comparison.comparison_json, name="export_comparison_json"),
]

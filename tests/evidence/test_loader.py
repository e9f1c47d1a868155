"""`manage.py loadassessments`: checks everything first, writes nothing on a problem, publishes
what it loads, and never loads twice."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from commitments.evidence import Assessment, Evidence
from tests.builders import make_commitment, the_parties

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).with_name("assessments.yaml")


@pytest.fixture
def corpus():
    the_parties()
    return {slug: make_commitment(slug=slug) for slug in ("freedom-edge", "trilateral-secretariat")}


def _write(tmp_path, data):
    path = tmp_path / "assessments.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_the_sample_loads_published_with_its_links(corpus):
    call_command("loadassessments", str(SAMPLE))

    news = Evidence.objects.get(url="https://news.example.org/secretariat-opens")
    assert news.is_published
    assert {c.slug for c in news.commitments.all()} == {"freedom-edge", "trilateral-secretariat"}
    assert [p.name for p in news.parties.all()] == ["Republic of Korea"]
    together = Assessment.objects.get(commitment=corpus["freedom-edge"])
    assert together.party is None and together.rating == "complete" and together.is_published
    assert [e.title for e in together.evidence.all()] == ["Example release: the exercise was held"]
    assert Assessment.objects.get(party__name="Japan").evidence.count() == 0


def test_loading_twice_adds_nothing(corpus, capsys):
    call_command("loadassessments", str(SAMPLE))
    call_command("loadassessments", str(SAMPLE))

    assert Evidence.objects.count() == 2
    assert Assessment.objects.count() == 3
    assert "2 evidence items and 3 assessments already present" in capsys.readouterr().out


def test_one_bad_entry_writes_nothing_and_is_named(corpus, tmp_path):
    data = yaml.safe_load(SAMPLE.read_text())
    data["evidence"][1]["url"] = "ftp://news.example.org/x"
    data["assessments"][1]["rating"] = "mostly"
    data["assessments"][0]["party"] = "DPRK"

    with pytest.raises(CommandError) as error:
        call_command("loadassessments", _write(tmp_path, data))

    message = str(error.value)
    assert "nothing written (3 problems)" in message
    assert "evidence #2 (secretariat-news): “ftp://news.example.org/x” is not an http" in message
    assert "assessment #2 (trilateral-secretariat, ROK, 2024-12-01): rating “mostly”" in message
    assert "party “DPRK” is not one of together, US, JP, ROK" in message
    assert not Evidence.objects.exists() and not Assessment.objects.exists()


def test_unknown_commitments_and_missing_evidence_are_refused(corpus, tmp_path):
    data = yaml.safe_load(SAMPLE.read_text())
    data["evidence"][0]["commitments"] = ["no-such-commitment"]
    data["assessments"][1]["evidence"] = []

    with pytest.raises(CommandError) as error:
        call_command("loadassessments", _write(tmp_path, data))

    message = str(error.value)
    assert "there is no commitment “no-such-commitment”" in message
    assert "evidence “exercise-report” does not list this commitment" in message
    assert "at least one evidence item" in message
    assert not Evidence.objects.exists()


def test_a_file_that_is_not_yaml_is_refused_with_words(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("evidence: [unclosed", encoding="utf-8")

    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("loadassessments", str(path))

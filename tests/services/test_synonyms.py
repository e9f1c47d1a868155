"""The synonyms every database starts with, and the acronyms published texts define."""

import importlib

import pytest
from django.apps import apps

from commitments.models import Synonym, SynonymGroup
from commitments.services import publication, synonyms
from tests.builders import make_clause, make_statement

pytestmark = pytest.mark.django_db


def _groups():
    return sorted(
        sorted(group.synonyms.values_list("key", flat=True)) for group in SynonymGroup.objects.all()
    )


def test_definitions_are_found_by_the_initials_rule():
    found = synonyms.defined_acronyms(
        [
            "They backed the Young Trilateral Leaders (YTL) and the Crisis Response Network (CRN).",
            "We condemn the Democratic People's Republic of Korea's (DPRK) launches.",
            "The plan (NOT AN ACRONYM) and the Quad (XYZ) stay out.",
        ]
    )

    assert sorted(found) == [
        ("CRN", "Crisis Response Network"),
        ("DPRK", "Democratic People's Republic of Korea"),
        ("YTL", "Young Trilateral Leaders"),
    ]


def test_learning_adds_to_the_group_of_a_known_name():
    Synonym.objects.all().delete()
    synonyms.seed()

    added = synonyms.learn(
        [("DPRK", "Democratic Peoples Republic of Korea"), ("YTL", "Young Leaders Trilateral")]
    )

    assert added == 3
    dprk = Synonym.objects.get(key="dprk").group
    assert "democratic peoples republic of korea" in dprk.synonyms.values_list("key", flat=True)
    assert synonyms.learn([("YTL", "Young Leaders Trilateral")]) == 0  # known: nothing twice


def test_seeding_twice_adds_nothing():
    Synonym.objects.all().delete()
    synonyms.seed()
    before = _groups()
    synonyms.seed()

    assert _groups() == before
    assert ["china", "people's republic of china", "prc"] in before


def test_the_migration_seeds_the_names_and_the_published_texts_acronyms():
    Synonym.objects.all().delete()
    make_clause(make_statement(), "The Young Trilateral Leaders (YTL) met.")
    make_clause(make_statement(published=False), "A draft names the Secret Draft Body (SDB).")
    migration = importlib.import_module("commitments.migrations.0013_search_synonyms")

    migration.seed_synonyms(apps, schema_editor=None)

    assert Synonym.objects.get(key="north korea").group == Synonym.objects.get(key="dprk").group
    assert Synonym.objects.get(key="rok").group == Synonym.objects.get(key="south korea").group
    assert Synonym.objects.get(key="ytl").group.synonyms.count() == 2
    assert not Synonym.objects.filter(key="sdb").exists()  # drafts teach nothing


def test_publishing_a_statement_learns_its_acronyms():
    statement = make_statement(published=False)
    make_clause(statement, "We launched the Trilateral Maritime Dialogue (TMD) today.")
    assert not Synonym.objects.filter(key="tmd").exists()

    publication.publish(statement, allow_pending=True)

    group = Synonym.objects.get(key="tmd").group
    assert group.source == SynonymGroup.Source.TEXTS
    assert sorted(group.synonyms.values_list("term", flat=True)) == [
        "TMD",
        "Trilateral Maritime Dialogue",
    ]

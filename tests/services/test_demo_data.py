"""The demo data (the five source texts ingested, the curated corpus loaded, as `make data` does):
one actor per person, body and country; publishers that are institutions; parties that issue."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from commitments.ingest.gazetteer import INSTITUTIONS, TRILATERAL_PARTIES
from commitments.models import Actor, ActorAlias, Commitment, Participation, Statement
from commitments.rules import normalize_alias
from tests.services.test_corpus import CORPUS, SOURCES

BIDEN = ["Joe Biden", "Joseph R. Biden, Jr.", "President Biden"]
YOON = ["Yoon Suk Yeol", "Yoon Seok-yeol", "윤석열", "尹錫悦"]


def actors_named(names):
    """(the actors these names resolve to, how many of the names resolve at all)."""
    aliases = list(ActorAlias.objects.filter(normalized__in=[normalize_alias(n) for n in names]))
    return {alias.actor_id for alias in aliases}, len(aliases)


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("ingest", "--publish", str(SOURCES), stdout=StringIO())
        call_command("loadcorpus", str(CORPUS), stdout=StringIO())

    def test_every_name_of_a_person_resolves_to_one_actor(self):
        for names in (BIDEN, YOON):
            actors, found = actors_named(names)
            assert found == len(names), names
            assert len(actors) == 1, names

    def test_meeting_participants_and_commitment_actors_are_the_same_rows(self):
        biden = Actor.objects.get(aliases__normalized=normalize_alias("Joe Biden"))
        assert Participation.objects.filter(actor=biden).exists()
        assert Commitment.objects.filter(actors=biden).exists()
        assert Actor.objects.filter(kind="person", name__icontains="Biden").count() == 1
        for name in ["Japan", "ROK", "U.S."]:
            country = Actor.objects.get(aliases__normalized=normalize_alias(name))
            assert Participation.objects.filter(actor=country).exists()
            assert Commitment.objects.filter(actors=country).exists()

    def test_every_statement_is_published_by_an_institution(self):
        institutions = {institution.name for institution in INSTITUTIONS}
        for statement in Statement.objects.all():
            assert statement.publisher in institutions, (statement.title, statement.publisher)

    def test_a_repost_names_its_outlet_apart_from_its_publisher_or_asks_for_it(self):
        reposts = Statement.objects.filter(is_repost=True)
        assert reposts.exists()
        for statement in reposts:
            assert statement.found_at != statement.publisher
            asked = any("where it was found" in w for w in statement.ingest_warnings)
            assert statement.found_at or asked, statement.title
        assert Statement.objects.filter(found_at="WireNews", publisher__contains="State").exists()

    def test_only_the_three_countries_are_parties(self):
        for statement in Statement.objects.prefetch_related("parties"):
            names = {party.name for party in statement.parties.all()}
            assert names == set(TRILATERAL_PARTIES), statement.title
        parties = Participation.objects.filter(is_party=True).values_list("actor__name", flat=True)
        assert set(parties) == set(TRILATERAL_PARTIES)

    def test_no_heading_repeats_a_name(self):
        for actor in Actor.objects.all():
            response = self.client.get(actor.get_absolute_url())
            if response.status_code != 200:
                continue
            heading = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)
            text = re.sub(r"<[^>]+>", "", heading)
            shown = re.findall(r"\(([^)]*)\)", text)
            assert all(normalize_alias(s) != normalize_alias(actor.name) for s in shown), text

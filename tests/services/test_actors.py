"""One actor per person, body and country: merging actors; the countries that may be parties."""

import pytest
from django.contrib.admin.models import LogEntry

from commitments.models import Actor, ActorAlias, ActorRedirect, Participation
from commitments.services import actors, edits
from tests.builders import make_actor, make_commitment, make_meeting, make_statement

pytestmark = pytest.mark.django_db


def person(name, **fields):
    actor = make_actor(name, kind="person", **fields)
    ActorAlias.objects.create(actor=actor, name=name)
    return actor


def test_merging_moves_participations_commitments_aliases_and_parties(editor):
    us = make_actor("United States")
    joe, joseph = person("Joe Biden"), person("Joseph R. Biden Jr.", country=us)
    meeting = make_meeting()
    Participation.objects.create(meeting=meeting, actor=joe, role="President")
    commitment = make_commitment()
    commitment.actors.add(joe)
    report = actors.merge_actors(joe, joseph, editor)
    assert report["participations"] == 1 and report["commitments"] == 1
    assert Participation.objects.get(meeting=meeting).actor == joseph
    assert list(commitment.actors.all()) == [joseph]
    assert joseph.aliases.filter(name="Joe Biden").exists()
    assert not Actor.objects.filter(pk=joe.pk).exists()


def test_merging_countries_moves_statement_parties_and_people(editor):
    rok, korea = make_actor("Republic of Korea"), make_actor("South Korea")
    statement = make_statement()
    statement.parties.add(korea)
    yoon = person("Yoon Suk Yeol", country=korea)
    Participation.objects.create(meeting=statement.meeting, actor=yoon, country=korea)
    actors.merge_actors(korea, rok, editor)
    assert list(statement.parties.all()) == [rok]
    yoon.refresh_from_db()
    assert yoon.country == rok
    assert Participation.objects.get(actor=yoon).country == rok


def test_at_a_meeting_both_attended_the_kept_participation_keeps_what_either_knew(editor):
    joe, joseph = person("Joe Biden"), person("Joseph R. Biden Jr.")
    meeting = make_meeting()
    Participation.objects.create(meeting=meeting, actor=joe, role="President")
    Participation.objects.create(meeting=meeting, actor=joseph)
    actors.merge_actors(joe, joseph, editor)
    assert Participation.objects.get(meeting=meeting).role == "President"


def test_the_merged_actor_address_redirects_and_earlier_ones_follow(editor):
    joe, joseph = person("Joe Biden", slug="joe-biden"), person("Joseph R. Biden Jr.")
    ActorRedirect.objects.create(old_slug="biden", actor=joe)
    actors.merge_actors(joe, joseph, editor)
    assert set(ActorRedirect.objects.filter(actor=joseph).values_list("old_slug", flat=True)) == {
        "joe-biden",
        "biden",
    }


def test_a_merge_is_in_the_history(editor):
    joe, joseph = person("Joe Biden"), person("Joseph R. Biden Jr.")
    actors.merge_actors(joe, joseph, editor)
    deleted = Actor.history.get(id=joe.pk, history_type="-")
    assert deleted.history_user == editor
    assert deleted.history_change_reason == f"merged into {joseph.slug}"
    assert joseph.history.first().history_change_reason == f"merged {joe.slug} into this"
    assert LogEntry.objects.filter(object_id=str(joseph.pk), user=editor).exists()


def test_actors_of_different_kinds_are_not_merged(editor):
    korea, yoon = make_actor("Republic of Korea"), person("Yoon Suk Yeol")
    with pytest.raises(edits.EditError, match="only actors of one kind"):
        actors.merge_actors(yoon, korea, editor)
    assert Actor.objects.filter(pk=yoon.pk).exists()


def test_countries_that_statements_speak_of_are_never_offered_as_parties():
    for name in ["United States", "Japan", "Australia"]:
        make_actor(name)
    dprk = make_actor("DPRK")  # a name of the DPRK's; the gazetteer knows it by all of them
    ActorAlias.objects.create(actor=dprk, name="North Korea")
    make_actor("Russia")
    make_actor("Taiwan")
    make_actor("UN Security Council", kind="organisation")
    offered = set(actors.party_countries().values_list("name", flat=True))
    assert offered == {"United States", "Japan", "Australia"}

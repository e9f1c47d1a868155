"""The actors' admin: merging after a confirmation, aliases editors can edit, party choices."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from commitments.models import Actor, ActorAlias, ActorRedirect
from tests.admin_posts import change_form_data
from tests.builders import make_actor, make_statement

pytestmark = pytest.mark.django_db

ACTORS = reverse("admin:commitments_actor_changelist")


def merge_post(client, chosen, **extra):
    data = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [a.pk for a in chosen], **extra}
    return client.post(ACTORS, data, follow=True)


def test_merging_asks_which_to_keep_shows_what_moves_then_merges(client, editor):
    joe = make_actor("Joe Biden", kind="person", slug="joe-biden")
    joseph = make_actor("Joseph R. Biden Jr.", kind="person", slug="joseph-r-biden-jr")
    client.force_login(editor)
    asked = merge_post(client, [joe, joseph]).content.decode()
    assert "Which actor do the others merge into?" in asked
    preview = merge_post(client, [joe, joseph], target=joseph.pk).content.decode()
    assert "/actors/joe-biden/" in preview and "Yes, merge into" in preview
    assert Actor.objects.filter(pk=joe.pk).exists()  # nothing merged before the confirmation
    done = merge_post(client, [joe, joseph], target=joseph.pk, confirm="yes")
    messages = [str(m) for m in done.context["messages"]]
    assert any(
        "/actors/joe-biden/ now redirects to /actors/joseph-r-biden-jr/" in m for m in messages
    )
    assert not Actor.objects.filter(pk=joe.pk).exists()
    assert ActorRedirect.objects.get(old_slug="joe-biden").actor == joseph


def test_merging_actors_of_different_kinds_is_refused(client, editor):
    korea = make_actor("Republic of Korea")
    yoon = make_actor("Yoon Suk Yeol", kind="person")
    client.force_login(editor)
    done = merge_post(client, [korea, yoon], target=korea.pk, confirm="yes")
    assert any("only actors of one kind" in str(m) for m in done.context["messages"])
    assert Actor.objects.count() == 2


def actor_change(client, actor):
    return client.get(reverse("admin:commitments_actor_change", args=[actor.pk]))


def test_editors_add_spellings_and_languages_as_aliases(client, editor):
    yoon = make_actor("Yoon Suk Yeol", kind="person")
    client.force_login(editor)
    response = actor_change(client, yoon)
    data = change_form_data(
        response,
        **{
            "aliases-0-name": "Yoon Seok-yeol",
            "aliases-1-name": "윤석열",
            "aliases-2-name": "尹錫悦",
        },
    )
    saved = client.post(reverse("admin:commitments_actor_change", args=[yoon.pk]), data)
    assert saved.status_code == 302
    assert set(yoon.aliases.values_list("name", flat=True)) == {
        "Yoon Seok-yeol",
        "윤석열",
        "尹錫悦",
    }


def test_an_alias_another_actor_answers_to_is_refused_naming_it(client, editor):
    biden = make_actor("Joseph R. Biden Jr.", kind="person")
    ActorAlias.objects.create(actor=biden, name="Joe Biden")
    other = make_actor("Joe B.", kind="person")
    client.force_login(editor)
    data = change_form_data(actor_change(client, other), **{"aliases-0-name": "joe  biden"})
    response = client.post(reverse("admin:commitments_actor_change", args=[other.pk]), data)
    assert response.status_code == 200
    assert "already names “Joseph R. Biden Jr.”" in response.content.decode()
    assert not other.aliases.exists()


def test_the_statement_page_offers_only_countries_that_issue_statements(client, ingestor):
    for name in ["United States", "Japan", "Republic of Korea", "Russia", "Taiwan"]:
        make_actor(name)
    make_actor("Democratic People's Republic of Korea")
    statement = make_statement()
    client.force_login(ingestor)
    response = client.get(reverse("admin:commitments_statement_change", args=[statement.pk]))
    choices = {label for _, label in response.context["adminform"].form.fields["parties"].choices}
    assert choices == {"United States", "Japan", "Republic of Korea"}

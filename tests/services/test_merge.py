import pytest
from django.urls import reverse

from commitments.models import (
    Commitment,
    CommitmentAlias,
    CommitmentRedirect,
    CommitmentTerm,
    Mention,
)
from commitments.services import edits, merge
from tests.admin_posts import change_form_data
from tests.builders import make_actor, make_clause, make_commitment, make_mention, make_topic

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:commitments_commitment_changelist")


def merge_through_the_action(client, source, target):
    """Select both on the changelist, choose the target, confirm."""
    selected = {"action": "merge_selected", "_selected_action": [source.pk, target.pk]}
    choose = client.post(CHANGELIST, selected)
    assert choose.status_code == 200
    preview = client.post(CHANGELIST, {**selected, "target": target.pk})
    assert preview.status_code == 200
    return client.post(CHANGELIST, {**selected, "target": target.pk, "confirm": "yes"}, follow=True)


@pytest.fixture
def pair():
    source = make_commitment("Trilateral coordinating mechanism", slug="coordinating-mechanism")
    target = make_commitment("Trilateral Secretariat", slug="trilateral-secretariat")
    return source, target


def test_merge_action_asks_which_commitment_to_keep(client, editor, pair):
    source, target = pair
    client.force_login(editor)
    page = client.post(
        CHANGELIST, {"action": "merge_selected", "_selected_action": [source.pk, target.pk]}
    ).content.decode()
    assert f'name="target" value="{target.pk}"' in page
    assert f'name="target" value="{source.pk}"' in page
    assert Commitment.objects.count() == 2


def test_merge_moves_mentions_and_redirects_the_old_address(client, editor, pair):
    source, target = pair
    moved = make_mention(commitment=source, stage="pledged")
    kept = make_mention(commitment=target, stage="achieved")
    client.force_login(editor)
    response = merge_through_the_action(client, source, target)
    assert any("coordinating-mechanism" in str(m) for m in response.context["messages"])
    assert not Commitment.objects.filter(pk=source.pk).exists()
    assert set(target.mentions.values_list("pk", flat=True)) == {moved.pk, kept.pk}
    target.refresh_from_db()
    assert target.mention_count == 2

    old_address = client.get("/commitments/coordinating-mechanism/")
    assert old_address.status_code == 301
    assert old_address.url == target.get_absolute_url()


def test_merge_moves_aliases_and_makes_the_title_an_alias(client, editor, pair):
    source, target = pair
    CommitmentAlias.objects.create(commitment=source, name="TCM")
    CommitmentAlias.objects.create(commitment=source, name="Trilateral Secretariat")
    client.force_login(editor)
    merge_through_the_action(client, source, target)
    names = set(target.aliases.values_list("name", flat=True))
    assert names == {"TCM", "Trilateral coordinating mechanism"}


def test_merge_unites_topics_and_actors(editor, pair):
    source, target = pair
    topic, actor = make_topic("DPRK"), make_actor("Japan")
    source.topics.add(topic)
    source.actors.add(actor)
    merge.merge_commitments(source, target, editor)
    assert list(target.topics.all()) == [topic]
    assert list(target.actors.all()) == [actor]


def test_merge_is_recorded_with_who_did_it(client, editor, pair):
    source, target = pair
    client.force_login(editor)
    merge_through_the_action(client, source, target)
    deletion = Commitment.history.filter(id=source.pk).first()
    assert deletion.history_type == "-"
    assert deletion.history_user == editor
    assert deletion.history_change_reason.endswith(": merged into trilateral-secretariat")
    assert target.history.first().history_user == editor


def test_merge_keeps_the_targets_mention_of_a_shared_clause_and_the_sources_decision(editor, pair):
    source, target = pair
    clause = make_clause()
    decided = make_mention(clause=clause, commitment=source, stage="achieved", note="checked")
    pending = make_mention(
        clause=clause,
        commitment=target,
        stage="pledged",
        origin=Mention.Origin.SUGGESTED,
        review=Mention.Review.PENDING,
    )
    report = merge.merge_commitments(source, target, editor)
    assert report["folded"] == 1
    survivor = Mention.objects.get(clause=clause)
    assert survivor.pk == pending.pk
    assert (survivor.review, survivor.stage) == ("accepted", "achieved")
    assert "checked" in survivor.note
    dropped = Mention.history.filter(id=decided.pk).first()
    assert dropped.history_type == "-"
    assert f"folded into mention {pending.pk}" in dropped.history_change_reason


def test_merge_keeps_the_targets_decision_when_both_were_decided(editor, pair):
    source, target = pair
    clause = make_clause()
    make_mention(clause=clause, commitment=source, stage="pledged")
    kept = make_mention(clause=clause, commitment=target, stage="achieved")
    merge.merge_commitments(source, target, editor)
    survivor = Mention.objects.get(clause=clause)
    assert (survivor.pk, survivor.stage, survivor.review) == (kept.pk, "achieved", "accepted")
    assert "stage pledged" in survivor.note


def test_merge_repoints_earlier_addresses_of_the_source(client, editor, pair):
    source, target = pair
    CommitmentRedirect.objects.create(old_slug="tcm-2023", commitment=source)
    merge.merge_commitments(source, target, editor)
    response = client.get("/commitments/tcm-2023/")
    assert response.status_code == 301
    assert response.url == target.get_absolute_url()


def test_a_commitment_cannot_be_merged_into_itself(editor, pair):
    source, _ = pair
    with pytest.raises(edits.EditError):
        merge.merge_commitments(source, source, editor)
    assert Commitment.objects.filter(pk=source.pk).exists()


def test_merge_into_form_on_the_commitment_page(client, editor, pair):
    source, target = pair
    make_mention(commitment=source)
    client.force_login(editor)
    change_page = client.get(reverse("admin:commitments_commitment_change", args=[source.pk]))
    url = reverse("admin:commitments_commitment_merge", args=[source.pk])
    assert url in change_page.content.decode()
    choose = client.get(url, {"q": "Secretariat"})
    assert f'value="{target.pk}"' in choose.content.decode()
    preview = client.post(url, {"target": target.pk})
    assert "Yes, merge" in preview.content.decode()
    assert Commitment.objects.filter(pk=source.pk).exists()
    done = client.post(url, {"target": target.pk, "confirm": "yes"})
    assert done.url == reverse("admin:commitments_commitment_change", args=[target.pk])
    assert not Commitment.objects.filter(pk=source.pk).exists()
    assert target.mentions.count() == 1


def test_merge_into_an_unknown_commitment_changes_nothing(client, editor, pair):
    source, _ = pair
    client.force_login(editor)
    url = reverse("admin:commitments_commitment_merge", args=[source.pk])
    response = client.post(url, {"target": "nope", "confirm": "yes"})
    assert response.status_code == 200
    assert Commitment.objects.filter(pk=source.pk).exists()


def test_renaming_a_slug_in_the_admin_keeps_the_old_address(client, editor):
    commitment = make_commitment("Freedom Edge", slug="multi-domain-exercise")
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    client.force_login(editor)
    client.post(url, change_form_data(client.get(url), slug="freedom-edge"))
    response = client.get("/commitments/multi-domain-exercise/")
    assert response.status_code == 301
    assert response.url == "/commitments/freedom-edge/"


def test_renaming_back_to_an_old_slug_makes_it_live_again(client, editor):
    commitment = make_commitment("Freedom Edge", slug="freedom-edge")
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    client.force_login(editor)
    client.post(url, change_form_data(client.get(url), slug="freedom-edge-exercise"))
    client.post(url, change_form_data(client.get(url), slug="freedom-edge"))
    assert not CommitmentRedirect.objects.filter(old_slug="freedom-edge").exists()
    assert CommitmentRedirect.objects.get(old_slug="freedom-edge-exercise").commitment == commitment
    assert client.get("/commitments/freedom-edge/").status_code == 200


def test_a_slug_that_is_another_commitments_old_address_is_refused(client, editor, pair):
    source, target = pair
    merge.merge_commitments(source, target, editor)
    other = make_commitment("Something else", slug="something-else")
    url = reverse("admin:commitments_commitment_change", args=[other.pk])
    client.force_login(editor)
    response = client.post(url, change_form_data(client.get(url), slug="coordinating-mechanism"))
    assert response.status_code == 200
    assert "earlier address" in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "something-else"


def _postings(commitment):
    return set(CommitmentTerm.objects.filter(commitment=commitment).values_list("term", flat=True))


def test_after_a_merge_the_target_answers_to_the_merged_away_title(editor, pair):
    source, target = pair
    merge.merge_commitments(source, target, editor)
    assert {"coordin", "mechan"} <= _postings(target)
    assert not CommitmentTerm.objects.filter(commitment_id=source.pk).exists()


def test_an_alias_added_on_the_commitment_page_reaches_the_suggestion_index(client, editor):
    commitment = make_commitment("Minerals Security Partnership")
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    client.force_login(editor)
    assert "club" not in _postings(commitment)
    data = change_form_data(client.get(url), **{"aliases-0-name": "Critical Minerals Club"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(commitment.aliases.values_list("name", flat=True)) == ["Critical Minerals Club"]
    assert "club" in _postings(commitment)
    assert commitment.aliases.get().history.first().history_user == editor


MERGED = reverse("admin:commitments_commitment_merged")


def test_a_merge_is_undone_from_the_merged_commitments_page(client, editor, pair):
    source, target = pair
    topic = make_topic("DPRK")
    source.topics.add(topic)
    CommitmentAlias.objects.create(commitment=source, name="TCM")
    CommitmentRedirect.objects.create(old_slug="tcm-2023", commitment=source)
    moved = make_mention(commitment=source, stage="pledged")
    client.force_login(editor)
    merge_through_the_action(client, source, target)

    assert MERGED in client.get(CHANGELIST).content.decode()
    page = client.get(MERGED).content.decode()
    record = Commitment.history.get(id=source.pk, history_type="-")
    assert f'value="{record.history_id}"' in page
    client.post(MERGED, {"record": record.history_id})

    restored = Commitment.objects.get(pk=source.pk)
    assert restored.slug == "coordinating-mechanism"
    assert list(restored.mentions.all()) == [moved]
    assert list(restored.aliases.values_list("name", flat=True)) == ["TCM"]
    assert list(restored.topics.all()) == [topic]
    assert restored.mention_count == 1
    assert not target.aliases.exists()
    assert target.mentions.count() == 0
    assert client.get("/commitments/coordinating-mechanism/").status_code == 200
    assert client.get("/commitments/tcm-2023/").url == restored.get_absolute_url()
    assert restored.history.first().history_user == editor


def test_undoing_a_merge_brings_back_a_folded_mention_and_the_targets_earlier_values(editor, pair):
    source, target = pair
    clause = make_clause()
    folded = make_mention(clause=clause, commitment=source, stage="achieved")
    kept = make_mention(
        clause=clause,
        commitment=target,
        stage="pledged",
        origin=Mention.Origin.SUGGESTED,
        review=Mention.Review.PENDING,
    )
    merge.merge_commitments(source, target, editor)
    record = Commitment.history.get(id=source.pk, history_type="-")
    _, notes = merge.undo_merge(record.history_id, editor)
    assert notes == []
    back = Mention.objects.get(clause=clause, commitment_id=source.pk)
    assert (back.pk, back.stage, back.review) == (folded.pk, "achieved", "accepted")
    kept.refresh_from_db()
    assert (kept.stage, kept.review, kept.note) == ("pledged", "pending", "")


def test_a_merge_is_undone_only_once(editor, pair):
    source, target = pair
    merge.merge_commitments(source, target, editor)
    record = Commitment.history.get(id=source.pk, history_type="-")
    merge.undo_merge(record.history_id, editor)
    with pytest.raises(edits.EditError, match="already back"):
        merge.undo_merge(record.history_id, editor)


def test_an_unknown_history_row_is_not_a_merge(client, editor, pair):
    client.force_login(editor)
    response = client.post(MERGED, {"record": "12345"}, follow=True)
    assert any("not a merge" in str(m) for m in response.context["messages"])
    assert Commitment.objects.count() == 2

import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.db import connection, connections, transaction
from django.urls import reverse

from commitments.models import Commitment, CommitmentTerm, Mention
from commitments.services import edits, review
from commitments.suggest.text import terms
from tests.admin_posts import messages_of
from tests.builders import make_clause, make_commitment, make_mention, make_statement, make_topic

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:commitments_mention_review")
CLAUSE_TEXT = "Today, we announce the establishment of the Trilateral Secretariat in Seoul."


def make_suggestion(text=CLAUSE_TEXT, words="Trilateral Secretariat", statement=None, **fields):
    statement = statement or make_statement(body=text)
    clause = make_clause(statement=statement, text=text)
    start = text.index(words)
    fields.setdefault("commitment", make_commitment("Trilateral Secretariat"))
    fields.setdefault("stage", "achieved")
    fields.setdefault("score", 0.82)
    fields.setdefault("review", Mention.Review.PENDING)
    return make_mention(
        clause=clause,
        origin=Mention.Origin.SUGGESTED,
        span_start=start,
        span_end=start + len(words),
        **fields,
    )


def queue_post(client, mention, do, stage=None, version=None, **extra):
    data = {
        "do": do,
        f"version-{mention.pk}": mention.version if version is None else version,
        f"stage-{mention.pk}": stage or mention.stage,
        "next": QUEUE,
        **extra,
    }
    return client.post(QUEUE, data, follow=True)


def test_queue_shows_a_pending_suggestion_with_its_matched_words_marked(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    response = client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<mark class="mark-pending" title="Trilateral Secretariat">Trilateral Secretariat</mark>'
        in page
    )
    assert "0.82" in page
    assert reverse("admin:commitments_commitment_change", args=[mention.commitment_id]) in page
    assert f'data-mention="{mention.pk}"' in page


def test_queue_leaves_out_reviewed_mentions(client, editor):
    accepted = make_suggestion(review=Mention.Review.ACCEPTED)
    client.force_login(editor)
    response = client.get(QUEUE)
    assert f'data-mention="{accepted.pk}"' not in response.content.decode()


def test_an_anonymous_user_cannot_open_the_queue(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_anonymous_user_cannot_accept(client):
    mention = make_suggestion()
    client.post(QUEUE, {"do": f"accept-{mention.pk}", f"version-{mention.pk}": 1})
    mention.refresh_from_db()
    assert mention.review == Mention.Review.PENDING


def test_staff_without_tagging_rights_is_refused(client):
    user = User.objects.create_user("visitor", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403


def test_the_mention_changelist_links_to_the_queue(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:commitments_mention_changelist"))
    assert QUEUE in response.content.decode()


def test_accepting_records_who_and_when_and_updates_the_summary(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    response = queue_post(client, mention, f"accept-{mention.pk}")
    assert "Accepted 1 suggestion." in messages_of(response)
    mention.refresh_from_db()
    assert mention.review == Mention.Review.ACCEPTED
    assert mention.reviewed_by == editor
    assert mention.reviewed_at is not None
    assert mention.version == 2
    assert mention.history.first().history_user == editor
    commitment = Commitment.objects.get(pk=mention.commitment_id)
    assert commitment.latest_stage == "achieved"
    assert commitment.mention_count == 1


def test_rejecting_keeps_the_row_as_rejected(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    queue_post(client, mention, f"reject-{mention.pk}")
    mention.refresh_from_db()
    assert mention.review == Mention.Review.REJECTED
    assert mention.reviewed_by == editor
    assert Commitment.objects.get(pk=mention.commitment_id).mention_count == 0


def test_accepting_with_another_stage_saves_that_stage(client, editor):
    mention = make_suggestion(stage="pledged")
    client.force_login(editor)
    queue_post(client, mention, f"accept-{mention.pk}", stage="expanded")
    mention.refresh_from_db()
    assert (mention.review, mention.stage) == (Mention.Review.ACCEPTED, "expanded")


def test_an_unknown_stage_is_refused_and_nothing_changes(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    response = queue_post(client, mention, f"accept-{mention.pk}", stage="done-ish")
    assert any("not a stage" in message for message in messages_of(response))
    mention.refresh_from_db()
    assert (mention.review, mention.version) == (Mention.Review.PENDING, 1)


def test_bulk_accept_accepts_every_ticked_suggestion_and_nothing_else(client, editor):
    statement = make_statement(body="One. Two. Three.")
    first, second, untouched = (
        make_suggestion(text=text, words=text[:3], statement=statement)
        for text in ["One.", "Two.", "Three."]
    )
    client.force_login(editor)
    data = {"do": "accept-selected", "mention": [first.pk, second.pk], "next": QUEUE}
    for mention in (first, second, untouched):
        data[f"version-{mention.pk}"] = mention.version
        data[f"stage-{mention.pk}"] = mention.stage
    data[f"stage-{second.pk}"] = "reaffirmed"
    response = client.post(QUEUE, data, follow=True)
    assert "Accepted 2 suggestions." in messages_of(response)
    reviews = dict(Mention.objects.values_list("pk", "review"))
    assert reviews == {first.pk: "accepted", second.pk: "accepted", untouched.pk: "pending"}
    assert Mention.objects.get(pk=second.pk).stage == "reaffirmed"


def test_bulk_with_nothing_ticked_says_so(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    response = client.post(QUEUE, {"do": "accept-selected"}, follow=True)
    assert any("Tick at least one" in message for message in messages_of(response))
    mention.refresh_from_db()
    assert mention.review == Mention.Review.PENDING


def test_a_suggestion_reviewed_meanwhile_keeps_the_first_decision(client, editor):
    mention = make_suggestion()
    other = User.objects.create_user("kim", password="pw", is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    review.reject_mention(Mention.objects.get(pk=mention.pk), other)
    client.force_login(editor)
    response = queue_post(client, mention, f"accept-{mention.pk}", version=1)
    warning = " ".join(messages_of(response))
    assert "kim changed this mention" in warning
    assert "rejected" in warning
    mention.refresh_from_db()
    assert (mention.review, mention.reviewed_by) == (Mention.Review.REJECTED, other)


def test_accept_with_another_commitment_rejects_the_suggestion_and_links_the_choice(client, editor):
    mention = make_suggestion()
    chosen = make_commitment("Trilateral coordinating mechanism")
    client.force_login(editor)
    url = reverse("admin:commitments_mention_accept_with", args=[mention.pk])
    page = client.get(url, {"q": "coordinating"})
    assert "Trilateral coordinating mechanism" in page.content.decode()
    response = client.post(
        url,
        {"commitment": chosen.pk, "stage": "in_progress", "version": 1, "next": QUEUE},
        follow=True,
    )
    assert any("Trilateral coordinating mechanism" in m for m in messages_of(response))
    mention.refresh_from_db()
    assert mention.review == Mention.Review.REJECTED
    linked = Mention.objects.get(clause=mention.clause, commitment=chosen)
    assert (linked.review, linked.stage, linked.origin) == ("accepted", "in_progress", "editor")
    assert linked.reviewed_by == editor
    assert Commitment.objects.get(pk=chosen.pk).latest_stage == "in_progress"


def test_accept_with_a_stage_only_keeps_the_suggested_commitment(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    url = reverse("admin:commitments_mention_accept_with", args=[mention.pk])
    client.post(url, {"commitment": mention.commitment_id, "stage": "reaffirmed", "version": 1})
    mention.refresh_from_db()
    assert (mention.review, mention.stage) == ("accepted", "reaffirmed")
    assert Mention.objects.count() == 1


def test_mention_changelist_actions_accept_and_reject(client, editor):
    statement = make_statement(body="One. Two.")
    first = make_suggestion(text="One.", words="One", statement=statement)
    second = make_suggestion(text="Two.", words="Two", statement=statement)
    client.force_login(editor)
    changelist = reverse("admin:commitments_mention_changelist")
    client.post(changelist, {"action": "accept_selected", "_selected_action": [first.pk]})
    client.post(changelist, {"action": "reject_selected", "_selected_action": [second.pk]})
    reviews = dict(Mention.objects.values_list("pk", "review"))
    assert reviews == {first.pk: "accepted", second.pk: "rejected"}


def test_changelist_action_leaves_reviewed_mentions_alone(client, editor):
    mention = make_suggestion(review=Mention.Review.REJECTED)
    client.force_login(editor)
    changelist = reverse("admin:commitments_mention_changelist")
    response = client.post(
        changelist,
        {"action": "accept_selected", "_selected_action": [mention.pk]},
        follow=True,
    )
    assert any("already reviewed" in message for message in messages_of(response))
    mention.refresh_from_db()
    assert mention.review == Mention.Review.REJECTED


def make_proposal(title="Trilateral Youth Summit", stage="pledged"):
    text = "We look forward to convening a trilateral youth summit next year."
    clause = make_clause(statement=make_statement(body=text), text=text)
    clause.carries_commitment = True
    clause.proposed_title = title
    clause.proposed_stage = stage
    clause.save()
    return clause


def test_queue_shows_a_clause_proposal_prefilled(client, editor):
    clause = make_proposal()
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()
    assert reverse("admin:commitments_mention_proposal", args=[clause.pk]) in page
    assert 'value="Trilateral Youth Summit"' in page


def test_creating_a_commitment_from_a_clause_links_it_in_one_step(client, editor):
    clause = make_proposal()
    topic = make_topic()
    client.force_login(editor)
    url = reverse("admin:commitments_mention_proposal", args=[clause.pk])
    client.post(
        url,
        {
            "do": "create",
            "title": "Trilateral Youth Summit",
            "stage": "pledged",
            "topics": [topic.pk],
        },
    )
    commitment = Commitment.objects.get(title="Trilateral Youth Summit")
    assert commitment.slug == "trilateral-youth-summit"
    mention = commitment.mentions.get()
    assert (mention.clause, mention.review, mention.origin) == (clause, "accepted", "editor")
    assert mention.reviewed_by == editor
    assert commitment.history.first().history_user == editor
    assert commitment.latest_stage == "pledged"
    page = client.get(QUEUE).content.decode()
    assert reverse("admin:commitments_mention_proposal", args=[clause.pk]) not in page


def test_a_created_commitment_gets_a_slug_no_one_uses(client, editor):
    make_commitment("Trilateral Youth Summit", slug="trilateral-youth-summit")
    clause = make_proposal()
    topic = make_topic()
    client.force_login(editor)
    url = reverse("admin:commitments_mention_proposal", args=[clause.pk])
    client.post(
        url,
        {
            "do": "create",
            "title": "Trilateral Youth Summit",
            "stage": "pledged",
            "topics": [topic.pk],
        },
    )
    assert Commitment.objects.filter(slug="trilateral-youth-summit-2").exists()


def test_creating_from_an_already_linked_clause_is_refused(client, editor):
    clause = make_proposal()
    make_mention(clause=clause)
    client.force_login(editor)
    url = reverse("admin:commitments_mention_proposal", args=[clause.pk])
    response = client.post(
        url,
        {"do": "create", "title": "Another", "stage": "pledged", "topics": [make_topic().pk]},
        follow=True,
    )
    assert any("already linked" in message for message in messages_of(response))
    assert not Commitment.objects.filter(title="Another").exists()


def test_creating_without_a_title_is_refused(client, editor):
    clause = make_proposal()
    client.force_login(editor)
    url = reverse("admin:commitments_mention_proposal", args=[clause.pk])
    response = client.post(url, {"do": "create", "title": "", "stage": "pledged"}, follow=True)
    assert any("not created" in message for message in messages_of(response))
    assert not clause.mentions.exists()


def test_dismissing_a_proposal_takes_it_off_the_queue_and_logs_who(client, editor):
    clause = make_proposal()
    client.force_login(editor)
    url = reverse("admin:commitments_mention_proposal", args=[clause.pk])
    client.post(url, {"do": "dismiss"})
    clause.refresh_from_db()
    assert clause.proposal_dismissed
    assert url not in client.get(QUEUE).content.decode()
    entry = LogEntry.objects.get(object_id=str(clause.pk))
    assert entry.user == editor
    assert "Dismissed" in entry.get_change_message()


def test_a_dismissed_proposal_can_be_restored(client, editor):
    clause = make_proposal()
    client.force_login(editor)
    url = reverse("admin:commitments_mention_proposal", args=[clause.pk])
    client.post(url, {"do": "dismiss"})
    assert url in client.get(QUEUE, {"dismissed": "on"}).content.decode()
    client.post(url, {"do": "restore"})
    clause.refresh_from_db()
    assert not clause.proposal_dismissed


def test_queue_filters_by_statement(client, editor):
    shown = make_suggestion()
    hidden = make_suggestion()
    client.force_login(editor)
    page = client.get(QUEUE, {"statement": shown.clause.statement_id}).content.decode()
    assert f'data-mention="{shown.pk}"' in page
    assert f'data-mention="{hidden.pk}"' not in page


def test_queue_filters_by_score_range_and_stage(client, editor):
    low = make_suggestion(score=0.3, stage="pledged")
    high = make_suggestion(score=0.9, stage="pledged")
    other_stage = make_suggestion(score=0.9, stage="achieved")
    client.force_login(editor)
    page = client.get(
        QUEUE, {"min_score": "0.5", "max_score": "1", "stage": "pledged"}
    ).content.decode()
    assert f'data-mention="{high.pk}"' in page
    assert f'data-mention="{low.pk}"' not in page
    assert f'data-mention="{other_stage.pk}"' not in page


def test_bad_filters_get_a_message_not_an_error(client, editor):
    make_suggestion()
    client.force_login(editor)
    response = client.get(QUEUE, {"min_score": "lots", "max_score": "7", "statement": "x"})
    assert response.status_code == 200
    assert any("not understood" in message for message in messages_of(response))


def test_the_admin_index_links_to_the_queue_for_editors(client, editor):
    client.force_login(editor)
    assert QUEUE in client.get(reverse("admin:index")).content.decode()


def test_accepting_feeds_the_clause_to_the_suggestion_index(client, editor):
    mention = make_suggestion()
    postings = CommitmentTerm.objects.filter(commitment_id=mention.commitment_id)
    assert "seoul" not in set(postings.values_list("term", flat=True))  # pending: not yet
    client.force_login(editor)
    queue_post(client, mention, f"accept-{mention.pk}")
    assert set(terms(CLAUSE_TEXT)) <= set(postings.values_list("term", flat=True))


def test_statement_rows_link_to_their_queue(client, editor):
    mention = make_suggestion()
    client.force_login(editor)
    page = client.get(reverse("admin:commitments_statement_changelist")).content.decode()
    assert f"{QUEUE}?statement={mention.clause.statement_id}" in page


def test_the_queue_needs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    for _ in range(3):
        statement = make_statement(body="Alpha one. Beta two. Gamma three.")
        for text in ["Alpha one.", "Beta two.", "Gamma three."]:
            make_suggestion(text=text, words=text[:4], statement=statement)
        make_proposal()
    client.force_login(editor)
    client.get(QUEUE)  # warm the session and permission caches
    with django_assert_max_num_queries(14):
        response = client.get(QUEUE)
    assert response.context["pending_count"] == 9


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database: real concurrent sessions"
)
def test_two_simultaneous_accepts_of_one_suggestion_let_exactly_one_through(editor):
    mention = make_suggestion()
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(service):
        try:
            with transaction.atomic():
                own = Mention.objects.get(pk=mention.pk)
                barrier.wait(timeout=10)
                service(own, editor, version=1)
            outcomes.append(service.__name__)
        except edits.EditConflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(service,))
        for service in (review.accept_mention, review.reject_mention)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Either may win the race; exactly one goes through and the other is refused.
    assert len(outcomes) == 2 and outcomes.count("refused") == 1
    mention.refresh_from_db()
    winner = next(outcome for outcome in outcomes if outcome != "refused")
    assert mention.review == ("accepted" if winner == "accept_mention" else "rejected")
    assert mention.version == 2

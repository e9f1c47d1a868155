"""Atom feeds of accepted mentions: all of them, one commitment's, one topic's, one actor's.

Each entry is one mention as it became public and says what changed: the stage it gives (and the
stage the commitment had before), the meeting, and the quoted words; it links to the commitment's
permalink at that meeting.
"""

import uuid
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from browse import outcomes, presentation, readers
from browse.bitsets import members
from browse.filters import CommitmentFilter, filter_query
from browse.selection import select
from commitments.models import (
    PUBLIC_MENTION,
    Assessment,
    Commitment,
    CommitmentRedirect,
    Topic,
    news_rank_case,
)

FEED_SIZE = 50
# Entry ids stay the same when a commitment is renamed: they name the mention, not a URL.
_ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "trilat:mention")
_ASSESSMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "trilat:assessment")


@dataclass
class FilteredView:
    selection: object
    query: str  # the filters as a query string, for the feed's link to the browser


def _selection_of(data):
    """The selection engine's answer for these filters, on fresh data (a feed is data out)."""
    return select(CommitmentFilter(data), fresh=True)


def mentions_of(selection):
    """The accepted mentions of the commitments a selection leaves."""
    mentions = readers.public_mentions()
    if selection.count == selection.index.universe.bit_count():
        return mentions  # every public commitment
    return mentions.filter(commitment_id__in=list(members(selection.remaining)))


def mentions_feed(request):
    """New mentions of the commitments the query string's filters select (all without filters);
    a query string the browser would refuse gets the same reasons, as text."""
    filterset, selection = CommitmentFilter(request.GET), None
    problems = filterset.problems()
    if not problems and filter_query(request.GET):
        selection = select(filterset, fresh=True)
        problems = selection.problems
    if problems:
        text = "This feed could not be made:\n" + "".join(f"- {m}\n" for m in problems)
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    return _mentions_feed(request, selection=selection)


def feed_entries(mentions):
    """The newest accepted mentions among `mentions`, each with `previous_stage` (the stage its
    commitment had at the meeting before) and `published_at` (when it became public). 1 query."""
    before = (
        readers.public_mentions()
        .filter(
            commitment_id=OuterRef("commitment_id"),
            meeting__start_date__lt=OuterRef("meeting__start_date"),
        )
        .annotate(rank=news_rank_case())
        .order_by("-meeting__start_date", "-meeting_id", "rank")
        .values("stage")[:1]
    )
    # As on the timeline, a translation's clause adds no entry when its official clause has one.
    official = readers.public_mentions().filter(
        commitment_id=OuterRef("commitment_id"), clause_id=OuterRef("clause__aligned_to_id")
    )
    return (
        mentions.filter(PUBLIC_MENTION)
        .exclude(Exists(official))
        .select_related("commitment", "meeting", "clause__statement")
        .defer("clause__statement__raw_text", "clause__statement__body")
        .annotate(
            previous_stage=Subquery(before),
            published_at=Coalesce("reviewed_at", "created_at"),
        )
        .order_by(F("published_at").desc(), "-id")[:FEED_SIZE]
    )


def what_changed(mention):
    """One line: the stage the mention gives and how that differs from before."""
    stage = presentation.stage_label(mention.stage)
    previous = getattr(mention, "previous_stage", None)
    if not previous:
        return f"First mentioned: {stage}."
    if previous == mention.stage:
        return f"Stage {stage}, as before."
    return f"Stage {presentation.stage_label(previous)} → {stage}."


class MentionFeed(Feed):
    """All new mentions."""

    feed_type = Atom1Feed
    title = "Trilat: new mentions"
    subtitle = "Every commitment a new statement speaks of, with the stage it gives."
    author_name = "Trilat"

    def get_object(self, request, selection=None):
        """The view the query string's filters select (`selection`: None, every commitment):
        the feed of a filtered view is that view's new mentions."""
        return FilteredView(selection, filter_query(request.GET))

    def link(self, obj):
        url = reverse("browser")
        return f"{url}?{obj.query}" if obj.query else url

    def items(self, obj):
        if obj.selection is None:  # no filter: every public commitment
            return feed_entries(readers.public_mentions())
        return feed_entries(mentions_of(obj.selection))

    def item_title(self, item):
        if isinstance(item, Assessment):
            scope = "the three together" if item.scope == "together" else item.scope
            return (
                f"{item.commitment.title}: assessed {item.get_rating_display()} for {scope}, "
                f"as of {item.as_of:%Y-%m-%d}"
            )
        stage = presentation.stage_label(item.stage)
        return f"{item.commitment.title}: {stage} at {item.meeting.title}"

    description_template = "browse/feed_entry.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs["item"]
        if isinstance(item, Assessment):
            context["assessment"] = item
            return context
        context["change"] = what_changed(item)
        context["quote"] = presentation.quoted_words(item, limit=600)
        return context

    def item_link(self, item):
        if isinstance(item, Assessment):
            return f"{item.commitment.get_absolute_url()}#assessment-{item.pk}"
        return f"{item.commitment.get_absolute_url()}#meeting-{item.meeting.slug}"

    def item_guid(self, item):
        space = _ASSESSMENT_NAMESPACE if isinstance(item, Assessment) else _ENTRY_NAMESPACE
        return f"urn:uuid:{uuid.uuid5(space, str(item.pk))}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)

    def item_categories(self, item):
        if isinstance(item, Assessment):
            return ["assessment", item.get_rating_display()]
        return [presentation.stage_label(item.stage)]


class CommitmentFeed(MentionFeed):
    """The mentions of one commitment."""

    def get_object(self, request, slug):
        return get_object_or_404(readers.visible_commitments(), slug=slug)

    def title(self, obj):
        return f"Trilat: {obj.title}"

    def subtitle(self, obj):
        return (
            f"Each new mention of “{obj.title}”, with the stage it gives, and each assessment "
            "of what happened as it is published."
        )

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        """Its newest mentions and published assessments, newest first."""
        mentions = list(feed_entries(readers.public_mentions().filter(commitment=obj)))
        assessed = list(
            outcomes.published_assessments()
            .filter(commitment=obj)
            .select_related("commitment", "party")
            .prefetch_related(Prefetch("evidence", queryset=outcomes.published_evidence()))
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )
        both = mentions + assessed
        return sorted(both, key=lambda item: item.published_at, reverse=True)[:FEED_SIZE]


class TopicFeed(MentionFeed):
    """The mentions of the commitments of one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"Trilat: {obj.name}"

    def subtitle(self, obj):
        return f"Each new mention of a commitment on {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return feed_entries(mentions_of(_selection_of({"topic": [obj.slug]})))


class ActorFeed(TopicFeed):
    """The mentions of the commitments that name one actor."""

    def get_object(self, request, slug):
        return get_object_or_404(readers.public_actors(), slug=slug)

    def subtitle(self, obj):
        return f"Each new mention of a commitment naming {obj.name}."

    def items(self, obj):
        return feed_entries(mentions_of(_selection_of({"actor": [obj.slug]})))


_mentions_feed = MentionFeed()
_commitment_feed = CommitmentFeed()
topic_feed = TopicFeed()
actor_feed = ActorFeed()


def commitment_feed(request, slug):
    """One commitment's feed; an earlier slug answers with a permanent redirect, as its page does."""
    if not Commitment.objects.filter(slug=slug).exists():
        moved = CommitmentRedirect.objects.filter(old_slug=slug).select_related("commitment")
        moved = moved.first()
        if moved is not None:
            return redirect("feed_commitment", slug=moved.commitment.slug, permanent=True)
    return _commitment_feed(request, slug=slug)

"""Which commitments a write changes, model by model: the rules derived.py reports by.

A rule answers, for one tracked model, which commitments a write of its rows changes: a set of
ids (maybe empty: only the data version moves, as when a topic is renamed) or None (nothing
anyone sees: a pending suggestion, a mention's version). It reads related rows through the
model's own registry (`model._meta.apps`), so the historical models of a data migration follow
the same rules as the current ones.
"""

from django.db.models import OuterRef, Subquery

ACCEPTED = "accepted"  # Mention.Review.ACCEPTED, spelled out: historical models have no choices


class Rule:
    quiet = frozenset()  # attnames no derived data reads (and no cached page shows)

    def shows(self, fields):
        """Whether writing these attnames can change what a commitment shows."""
        return bool(set(fields) - self.quiet)

    def created(self, model, objs):
        return set()

    def saved(self, instance, created, fields):
        return set()

    def deleted(self, instance):
        return set()

    def write(self, queryset, fields, write):
        """Run `write()` (an update of `queryset`'s rows); returns (its result, ids or None)."""
        return write(), set()


class NameRule(Rule):
    """Topics, actors, meeting series: their names label commitments in lists and facets."""


class CommitmentRule(Rule):
    # The summary columns (COMMITMENT_SUMMARY_FIELDS) are derived: refresh() writes them.
    quiet = frozenset(
        {
            "created_at",
            "updated_at",
            "furthest_stage",
            "latest_stage",
            "first_meeting_id",
            "last_meeting_id",
        }
        | {"first_date", "last_date", "meeting_count", "mention_count"}
    )

    def created(self, model, objs):
        ids = {obj.pk for obj in objs}
        if None in ids:  # a backend that does not return primary keys
            slugs = [obj.slug for obj in objs]
            ids = set(model._default_manager.filter(slug__in=slugs).values_list("pk", flat=True))
        return ids

    def saved(self, instance, created, fields):
        return {instance.pk}

    def deleted(self, instance):
        return {instance.pk}

    def write(self, queryset, fields, write):
        ids = set(queryset.values_list("pk", flat=True))
        return write(), ids


class OwnedRule(Rule):
    """Rows that belong to a commitment (aliases; mentions, shown only once accepted)."""

    def __init__(self, fields, accepted_only=False):
        self.shown = frozenset(fields)
        self.accepted_only = accepted_only

    def shows(self, fields):
        return bool(self.shown & set(fields))

    def _visible(self, obj, review=None):
        return not self.accepted_only or (review or obj.review) == ACCEPTED

    def created(self, model, objs):
        return {obj.commitment_id for obj in objs if self._visible(obj)} or None

    def saved(self, instance, created, fields):
        loaded = getattr(instance, "_loaded_values", None)
        before = (loaded or {}).get("commitment_id")
        was_visible = loaded is None or self._visible(instance, loaded.get("review", ACCEPTED))
        if not (self._visible(instance) or (not created and was_visible)):
            return None
        return {instance.commitment_id, before}

    def deleted(self, instance):
        return {instance.commitment_id} if self._visible(instance) else None

    def write(self, queryset, fields, write):
        review = ("review",) if self.accepted_only else ()
        rows = list(queryset.values_list("pk", "commitment_id", *review))
        result = write()
        ids = {row[1] for row in rows if not review or row[2] == ACCEPTED}
        if rows and {"commitment_id", "review"} & set(fields):
            now = queryset.model._default_manager.filter(pk__in=[row[0] for row in rows])
            if review:
                now = now.filter(review=ACCEPTED)
            ids |= set(now.values_list("commitment_id", flat=True))
        return result, ids or None


def _accepted_commitments(model, **where):
    """The commitments with accepted mentions matching `where` (Mention lookups)."""
    Mention = model._meta.apps.get_model("commitments", "Mention")
    rows = Mention._default_manager.filter(review=ACCEPTED, **where)
    return set(rows.values_list("commitment_id", flat=True).distinct())


class ClauseRule(Rule):
    """A clause's text is in the search documents and postings of its accepted mentions."""

    def shows(self, fields):
        return "text" in fields

    def created(self, model, objs):
        return None  # no mentions yet

    def saved(self, instance, created, fields):
        if created:
            return None
        return _accepted_commitments(type(instance), clause_id=instance.pk) or None

    def deleted(self, instance):
        return None  # its mentions go with it, and report

    def write(self, queryset, fields, write):
        ids = _accepted_commitments(queryset.model, clause__in=queryset.values("pk"))
        return write(), ids or None


class MeetingRule(Rule):
    """A meeting's date and series place its commitments' mentions; its name labels them."""

    quiet = frozenset({"created_at"})
    placing = frozenset({"start_date", "series_id"})

    def saved(self, instance, created, fields):
        if created or not self.placing & set(fields):
            return set()
        return _accepted_commitments(type(instance), meeting_id=instance.pk)

    def write(self, queryset, fields, write):
        ids = set()
        if self.placing & set(fields):
            ids = _accepted_commitments(queryset.model, meeting__in=queryset.values("pk"))
        return write(), ids


class StatementRule(Rule):
    """A statement's meeting is its mentions' meeting (Mention.meeting is kept from it)."""

    def created(self, model, objs):
        return None  # no clauses yet

    def saved(self, instance, created, fields):
        if created:
            return None
        if "meeting_id" in fields:
            _mentions_follow_their_statements(type(instance), [instance.pk])
        return set()

    def deleted(self, instance):
        return None  # its clauses and mentions go with it, and report

    def write(self, queryset, fields, write):
        pks = list(queryset.values_list("pk", flat=True)) if "meeting_id" in fields else []
        result = write()
        if pks:
            _mentions_follow_their_statements(queryset.model, pks)
        return result, set()


def _mentions_follow_their_statements(model, statement_ids):
    """Set Mention.meeting from the clause's statement (the manager reports what moved)."""
    Mention = model._meta.apps.get_model("commitments", "Mention")
    Clause = model._meta.apps.get_model("commitments", "Clause")
    meeting = Clause._default_manager.filter(pk=OuterRef("clause_id")).values(
        "statement__meeting_id"
    )
    Mention._default_manager.filter(clause__statement_id__in=statement_ids).update(
        meeting_id=Subquery(meeting[:1])
    )


class PublishedRule(Rule):
    """Evidence and assessments: drafts show nowhere; a published one's writes change the facet
    index (the assessment facet) and the pages that read them at request time, so only the data
    version moves."""

    quiet = frozenset({"created_at", "updated_at", "version"})

    @staticmethod
    def _public(instance):
        loaded = getattr(instance, "_loaded_values", None) or {}
        return instance.published_at is not None or loaded.get("published_at") is not None

    def created(self, model, objs):
        return set() if any(obj.published_at for obj in objs) else None

    def saved(self, instance, created, fields):
        return set() if self._public(instance) else None

    def deleted(self, instance):
        return set() if instance.published_at is not None else None

    def write(self, queryset, fields, write):
        public_before = queryset.filter(published_at__isnull=False).exists()
        result = write()
        if public_before or "published_at" in fields:
            return result, set()
        return result, None


RULES = {
    "commitments.Commitment": CommitmentRule(),
    "commitments.Mention": OwnedRule(
        # `published` follows the statement's publication: it makes an accepted mention public
        {
            *("commitment_id", "clause_id", "meeting_id", "stage", "review", "published"),
            *("span_start", "span_end"),
        },
        accepted_only=True,
    ),
    "commitments.CommitmentAlias": OwnedRule({"commitment_id", "name"}),
    "commitments.Clause": ClauseRule(),
    "commitments.Meeting": MeetingRule(),
    "commitments.Statement": StatementRule(),
    "commitments.Topic": NameRule(),
    "commitments.Actor": NameRule(),
    "commitments.MeetingSeries": NameRule(),
    # Synonyms change which commitments a search finds, not what any commitment shows: a new data
    # version, so kept pages of a search are made anew.
    "commitments.SynonymGroup": Rule(),
    "commitments.Synonym": Rule(),
    "commitments.Evidence": PublishedRule(),
    "commitments.Assessment": PublishedRule(),
}
# Commitment.topics and Commitment.actors: their rows are written by the relation's add(),
# remove(), set() and clear(), reported by m2m_changed.
LINKS = {"commitments.Commitment_topics", "commitments.Commitment_actors"}
# Evidence's commitments and parties, an assessment's evidence: a new data version is enough (no
# summary reads them), whichever side of the relation wrote the rows.
VERSION_LINKS = {
    "commitments.Evidence_commitments",
    "commitments.Evidence_parties",
    "commitments.Assessment_evidence",
}

"""The domain: actors, topics, meeting series, meetings, statements, clauses, commitments, mentions.

A commitment's two stages (furthest, latest word), first and last meeting and counts are derived from its accepted
mentions, so lists filter and sort on plain indexed columns. The models whose writes change what a
commitment shows are `tracking.Tracked`: their writes are reported (commitments/tracking.py) and
commitments/services/derived.py keeps it all fresh.
"""

import functools

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from simple_history.models import HistoricalRecords

from commitments.rules import (  # noqa: F401 (re-exported)
    content_hash,
    is_slug,
    normalize_alias,
    synonym_key,
)
from commitments.tracking import Tracked

_SLUG_PLACEHOLDER = "slug-placeholder"


def slug_url(viewname, slug):
    """`reverse(viewname, args=[slug])`, the URL pattern reversed once (a browser page links a
    hundred topics, commitments and meetings; reverse() costs tens of microseconds each)."""
    if not is_slug(slug):
        return reverse(viewname, args=[slug])  # what reverse() makes of it, errors included
    before, after = _around_slug(viewname, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    return f"{before}{slug}{after}"


@functools.lru_cache(maxsize=64)
def _around_slug(viewname, prefix, urlconf):
    url = reverse(viewname, args=[_SLUG_PLACEHOLDER], urlconf=urlconf)
    before, _, after = url.partition(_SLUG_PLACEHOLDER)
    return before, after


class Stage(models.TextChoices):
    PLEDGED = "pledged", "pledged"
    IN_PROGRESS = "in_progress", "in progress"
    ACHIEVED = "achieved", "achieved"
    REAFFIRMED = "reaffirmed", "reaffirmed"
    EXPANDED = "expanded", "expanded"
    STALLED = "stalled", "stalled"


STAGE_DESCRIPTIONS = {
    Stage.PLEDGED: "promises something new, or a first step toward it",
    Stage.IN_PROGRESS: "reports work under way or a step taken",
    Stage.ACHIEVED: "reports it done: launched, signed, established, held",
    Stage.REAFFIRMED: "repeats a standing position or promise without news",
    Stage.EXPANDED: "widens or deepens something already achieved or standing",
    Stage.STALLED: "reports a delay or obstacle",
}

# When one meeting gives a commitment several stages, the one with the most news wins: the order
# below, most news first. Written here only; news_rank() and most_news() read it everywhere.
NEWS_ORDER = (
    Stage.ACHIEVED,
    Stage.EXPANDED,
    Stage.IN_PROGRESS,
    Stage.STALLED,
    Stage.PLEDGED,
    Stage.REAFFIRMED,
)
_NEWS_RANK = {stage.value: rank for rank, stage in enumerate(NEWS_ORDER)}


def news_rank(stage):
    """0 for the stage with the most news (achieved) up to 5 (reaffirmed); unknown ones last."""
    return _NEWS_RANK.get(stage, len(NEWS_ORDER))


def most_news(stages):
    """Of the stages one meeting gives a commitment, the one with the most news."""
    return min(stages, key=news_rank)


def news_rank_case(field="stage"):
    """news_rank() as an SQL expression over `field`, for ordering in the database."""
    whens = [
        models.When(**{field: stage}, then=models.Value(rank)) for stage, rank in _NEWS_RANK.items()
    ]
    return models.Case(*whens, default=models.Value(len(NEWS_ORDER)))


# How far a commitment has got: the progress stages, furthest last. Reaffirmed and stalled say
# nothing of progress; a commitment they speak of was pledged at least, so they count as pledged.
# Written here only; progress_rank() and furthest() read it everywhere.
PROGRESS_ORDER = (Stage.PLEDGED, Stage.IN_PROGRESS, Stage.ACHIEVED, Stage.EXPANDED)
_PROGRESS_RANK = {stage.value: rank for rank, stage in enumerate(PROGRESS_ORDER)}


def progress_rank(stage):
    """0 (pledged) up to 3 (expanded); a stage that is no progress (reaffirmed, stalled) as pledged."""
    return _PROGRESS_RANK.get(stage, 0)


def furthest(stages):
    """The furthest stage of progress among `stages` (pledged when none is a progress stage);
    "" when there are none."""
    stages = list(stages)
    if not stages:
        return ""
    return PROGRESS_ORDER[max(progress_rank(stage) for stage in stages)].value


# A commitment's columns derived from its accepted mentions (see derived.py); not history-worthy.
COMMITMENT_SUMMARY_FIELDS = [
    "furthest_stage",
    "latest_stage",
    "first_meeting",
    "last_meeting",
    "first_date",
    "last_date",
    "meeting_count",
    "mention_count",
]


class Actor(Tracked):
    class Kind(models.TextChoices):
        COUNTRY = "country", "country"
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation or body"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text="e.g. ROK, DPRK, UNSC")
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="A person's best-known title (titles per meeting are on participations).",
    )
    country = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        limit_choices_to={"kind": "country"},
        help_text="For a person: the country they serve.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["country", "person", "organisation"]), name="actor_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="actor_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("actor_detail", self.slug)

    @property
    def distinct_short_name(self):
        """The short name where it says something the name does not ("ROK"; never "Japan" twice)."""
        if normalize_alias(self.short_name) in ("", normalize_alias(self.name)):
            return ""
        return self.short_name


class ActorRedirect(models.Model):
    """An earlier slug of an actor merged into another: its address answers with a 301."""

    old_slug = models.SlugField(max_length=200, unique=True)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} -> {self.actor.slug}"


class ActorAlias(models.Model):
    """Another name an actor goes by; `normalized` makes matching case- and punctuation-blind."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_alias(self.name)
        super().save(*args, **kwargs)


class Topic(Tracked):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("topic_detail", self.slug)


class MeetingSeries(Tracked):
    class Level(models.TextChoices):
        LEADERS = "leaders", "leaders"
        MINISTERIAL = "ministerial", "ministerial"
        VICE_MINISTERIAL = "vice_ministerial", "vice-ministerial"
        WORKING = "working", "working level"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names of the series, used to recognise it in texts.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["leaders", "ministerial", "vice_ministerial", "working"]),
                name="series_level_valid",
            )
        ]

    def __str__(self):
        return self.name


class Meeting(Tracked):
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    ordinal = models.PositiveIntegerField(null=True, blank=True, help_text='e.g. 14 for "14th"')
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    is_virtual = models.BooleanField(default=False)
    published = models.BooleanField(
        default=False,
        editable=False,
        help_text="At least one of its statements is published (kept by the publication service).",
    )
    participants = models.ManyToManyField(
        Actor,
        through="Participation",
        through_fields=("meeting", "actor"),
        related_name="meetings",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["series", "start_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "ordinal"],
                condition=Q(ordinal__isnull=False),
                name="meeting_unique_ordinal_in_series",
            ),
            models.UniqueConstraint(
                fields=["series", "start_date"], name="meeting_unique_date_in_series"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%Y-%m-%d})"

    def get_absolute_url(self):
        return slug_url("meeting_detail", self.slug)

    @property
    def where(self):
        if self.is_virtual:
            return "virtual"
        return self.place


class Participation(models.Model):
    """An actor at a meeting, with the role and country they held there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=300, blank=True, help_text="Title at this meeting.")
    country = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "country"},
    )
    is_party = models.BooleanField(
        default=False, help_text="A country party to the meeting's statement."
    )

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "actor"], name="participation_unique_actor")
        ]

    def __str__(self):
        return f"{self.actor} at {self.meeting}"


class Statement(Tracked):
    class Kind(models.TextChoices):
        JOINT_STATEMENT = "joint_statement", "joint statement"
        JOINT_PRESS_STATEMENT = "joint_press_statement", "joint press statement"
        READOUT = "readout", "readout"
        FACT_SHEET = "fact_sheet", "fact sheet"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="statements")
    title = models.CharField(max_length=400)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.JOINT_STATEMENT)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="The institution that issued it."
    )
    found_at = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a repost: the news site or distributor the text was found on.",
    )
    is_repost = models.BooleanField(
        default=False, help_text="Republished by a news site or distributor, not the publisher."
    )
    source_url = models.URLField(max_length=1000, blank=True)
    source_name = models.CharField(
        max_length=255, blank=True, help_text="The file it was ingested from."
    )
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="translations"
    )
    is_unofficial_translation = models.BooleanField(default=False)
    raw_text = models.TextField(help_text="The source text exactly as received.")
    body = models.TextField(help_text="The statement with the publishing site's noise removed.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    parties = models.ManyToManyField(
        Actor, related_name="statements", blank=True, limit_choices_to={"kind": "country"}
    )
    ingest_warnings = models.JSONField(
        default=list, blank=True, help_text="What ingestion could not find or was unsure of."
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor published it; empty while it is a draft, which only editors see.",
    )
    ingested_at = models.DateTimeField(auto_now_add=True)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["raw_text", "body"])

    class Meta:
        ordering = ["meeting__start_date", "id"]
        permissions = [
            ("ingest_statement", "Can ingest source texts"),
            ("publish_statement", "Can publish and unpublish statements"),
        ]
        indexes = [models.Index(fields=["published_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(translation_of=F("id")), name="statement_not_translation_of_itself"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="statement_body_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("statement_detail", self.slug)

    @property
    def is_published(self):
        return self.published_at is not None


class Clause(Tracked):
    """A sentence (or a tight run of sentences) of a statement, located by offsets into its body."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField(help_text="1-based order in the statement.")
    paragraph = models.PositiveIntegerField(default=1)
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the first character in the body.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character in the body.")
    aligned_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aligned_translations",
        help_text="For a translation's clause: the official text's clause it renders.",
    )
    carries_commitment = models.BooleanField(
        default=False, help_text="Marked by the suggestion engine: the clause promises or reports."
    )
    # The suggestion engine's proposal when the clause matches no existing commitment.
    proposed_title = models.CharField(max_length=300, blank=True)
    proposed_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    proposal_dismissed = models.BooleanField(
        default=False, help_text="An editor decided this clause needs no new commitment."
    )

    class Meta:
        ordering = ["statement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="clause_unique_position"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="clause_has_extent"),
        ]

    def __str__(self):
        return f"{self.statement.slug} #{self.position}"

    @property
    def anchor(self):
        return f"clause-{self.position}"

    def get_absolute_url(self):
        return f"{self.statement.get_absolute_url()}#{self.anchor}"


class Commitment(Tracked):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, help_text="The permanent address.")
    summary = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, related_name="commitments", blank=True)
    actors = models.ManyToManyField(Actor, related_name="commitments", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived from the accepted mentions by derived.refresh(); never written by hand.
    # How far it has got (PROGRESS_ORDER), and the latest word: the stage its last meeting gave it.
    furthest_stage = models.CharField(
        max_length=20, choices=Stage.choices, blank=True, db_index=True
    )
    latest_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True, db_index=True)
    first_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    last_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    first_date = models.DateField(null=True, blank=True, editable=False, db_index=True)
    last_date = models.DateField(null=True, blank=True, editable=False, db_index=True)
    meeting_count = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    mention_count = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=[*COMMITMENT_SUMMARY_FIELDS, "updated_at"])

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title"]),
            models.Index(fields=["-last_date", "id"], name="commitment_last_activity"),
            # The browser's other sorts (commitments.filters.SORTS), each ending on id.
            models.Index(fields=["-first_date", "id"], name="commitment_first_made"),
            models.Index(fields=["-meeting_count", "-last_date", "id"], name="commitment_most_met"),
            models.Index(fields=["title", "id"], name="commitment_by_title"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="commitment_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="commitment_slug_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("commitment_detail", self.slug)


class CommitmentAlias(Tracked):
    """Another name of a commitment (an acronym, an earlier name), used by search and suggestion."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "commitment aliases"
        constraints = [
            models.UniqueConstraint(fields=["commitment", "name"], name="commitment_alias_unique")
        ]

    def __str__(self):
        return self.name


class CommitmentRedirect(models.Model):
    """An earlier slug of a commitment (renamed or merged away): its address answers with a 301."""

    old_slug = models.SlugField(max_length=200, unique=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} -> {self.commitment.slug}"


class SynonymGroup(Tracked):
    """Words and names search treats as one (DPRK, North Korea, Democratic People's Republic of
    Korea): a query word or phrase equal to any member also finds every other member. Editors
    keep the list in the admin; published statements add the acronyms they define
    (commitments/services/synonyms.py)."""

    class Source(models.TextChoices):
        EDITOR = "editor", "an editor"
        TEXTS = "texts", "defined in a published text"

    note = models.CharField(max_length=200, blank=True, help_text="What the group is, for editors.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return " / ".join(s.term for s in self.synonyms.all()) or f"synonym group {self.pk}"


class Synonym(Tracked):
    """One member of a SynonymGroup. `key` (synonym_key of the term) is how search compares it
    with what was typed; a key belongs to one group only."""

    MAX_WORDS = 8

    group = models.ForeignKey(SynonymGroup, on_delete=models.CASCADE, related_name="synonyms")
    term = models.CharField(max_length=120)
    key = models.CharField(max_length=120, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group_id", "id"]

    def __str__(self):
        return self.term

    def clean(self):
        from django.core.exceptions import ValidationError

        key = synonym_key(self.term)
        if not key:
            raise ValidationError({"term": "A synonym needs at least one letter or digit."})
        if len(key.split()) > self.MAX_WORDS:
            raise ValidationError({"term": f"A synonym has at most {self.MAX_WORDS} words."})
        other = Synonym.objects.filter(key=key).exclude(pk=self.pk).select_related("group").first()
        if other is not None and other.group_id != self.group_id:
            raise ValidationError(
                {"term": f"“{other.term}” is already in another group: {other.group}."}
            )

    def save(self, *args, **kwargs):
        self.key = synonym_key(self.term)
        if kwargs.get("update_fields") is not None and "term" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)


class Mention(Tracked):
    """A clause speaking of a commitment, with the stage that clause gives it."""

    class Origin(models.TextChoices):
        EDITOR = "editor", "made by an editor"
        SUGGESTED = "suggested", "suggested"

    class Review(models.TextChoices):
        PENDING = "pending", "awaiting review"
        ACCEPTED = "accepted", "accepted"
        REJECTED = "rejected", "rejected"

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="mentions")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="mentions")
    # Denormalised from clause.statement.meeting so timelines and date filters need no 3-way join.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="mentions", editable=False
    )
    # Denormalised from clause.statement.published_at (kept by save() and the publication
    # service): the public lists select public mentions (PUBLIC_MENTION) without a join.
    published = models.BooleanField(default=False, editable=False)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.EDITOR)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.ACCEPTED)
    score = models.FloatField(
        null=True, blank=True, help_text="The suggestion engine's confidence, 0-1."
    )
    span_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Highlighted words: offset into the clause text."
    )
    span_end = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit; guards concurrent edits."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["published"])

    class Meta:
        ordering = ["meeting__start_date", "clause__position"]
        indexes = [
            models.Index(fields=["commitment", "review", "meeting"]),
            models.Index(fields=["meeting", "review"]),
            models.Index(fields=["review", "stage"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "commitment"], name="mention_once_per_clause"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in Stage]), name="mention_stage_valid"
            ),
            models.CheckConstraint(
                condition=(Q(span_start__isnull=True) & Q(span_end__isnull=True))
                | (
                    Q(span_start__isnull=False)
                    & Q(span_end__isnull=False)
                    & Q(span_end__gt=F("span_start"))
                ),
                name="mention_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="mention_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.commitment} @ {self.clause} ({self.get_stage_display()})"

    def save(self, *args, **kwargs):
        if self.clause_id:
            self.meeting_id, published_at = (
                Statement.objects.filter(clauses__id=self.clause_id)
                .values_list("meeting_id", "published_at")
                .get()
            )
            self.published = published_at is not None
        super().save(*args, **kwargs)

    @property
    def highlighted(self):
        """The clause text split around the highlighted span: (before, span, after)."""
        text = self.clause.text
        if self.span_start is None:
            return text, "", ""
        return text[: self.span_start], text[self.span_start : self.span_end], text[self.span_end :]


# What the public sees of mentions: accepted by an editor, in a published statement.
PUBLIC_MENTION = Q(review=Mention.Review.ACCEPTED, published=True)


class SuggestionTerm(models.Model):
    """A term of the suggestion index and how many commitments it describes (its document frequency)."""

    term = models.CharField(max_length=64, unique=True)
    commitment_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.term


class CommitmentTerm(models.Model):
    """A posting of the suggestion index: a term of a commitment's names or accepted clauses, weighted.

    Kept in step by derived.refresh() (reindex_commitments); read by the suggestion engine only.
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "-weight"], name="commitment_term_by_weight")]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "term"], name="commitment_term_once")
        ]

    def __str__(self):
        return f"{self.term} -> {self.commitment_id} ({self.weight:.2f})"


class CommitmentSearch(models.Model):
    """A commitment's full-text search document (PostgreSQL only, read-only for Django).

    The table, its GIN index and trilat_search_refresh, which builds documents from titles,
    aliases, summaries and accepted mentions, are made by migration 0003_search_documents (its
    `changed` column, the data version of each refresh, by 0015); derived.refresh() calls it. This model only lets queries join the table (browse/search.py).
    Other databases have no such table.
    """

    commitment = models.OneToOneField(
        Commitment,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    document = SearchVectorField()

    class Meta:
        managed = False
        db_table = "commitments_search"

    def __str__(self):
        return f"search document of commitment {self.commitment_id}"


# Evidence and assessments live in their own module; imported here so they are this app's models.
from commitments.evidence import Assessment, Evidence, Rating  # noqa: E402, F401

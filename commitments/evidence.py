"""Evidence and assessments: what happened, beside what the parties said.

A mention's stage is the parties' own word. Evidence is an outside, dated source about what
happened (a release, a report, news, data); an assessment is our judgement, as of a date, of how
far a commitment has got in fact, for one party or for the three together, citing evidence. Both
are drafts until an editor publishes them (`published_at`), and both keep every version
(simple-history): a later assessment never replaces an earlier one, the series is the record.

models.py imports this module, so these are models of the `commitments` app.
"""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commitments.tracking import Tracked

# The countries assessed: the code pages, filters and files use for each (the short names of
# fixtures/corpus.yaml), and the country actor it is (by address name, else by name: ingestion
# may have given the actor another short name, "U.S."). "together": the three together.
PARTIES = {
    "US": ("united-states", "United States"),
    "JP": ("japan", "Japan"),
    "ROK": ("republic-of-korea", "Republic of Korea"),
}
PARTY_NAMES = tuple(PARTIES)
TOGETHER = "together"
SCOPES = (TOGETHER, *PARTY_NAMES)
PARTY_ACTORS = Q(kind="country") & (
    Q(slug__in=[slug for slug, _ in PARTIES.values()])
    | Q(name__in=[name for _, name in PARTIES.values()])
)


def party_code(slug, name):
    """The code ("US", "JP", "ROK") of the country actor with this slug or name, or ""."""
    for code, (party_slug, party_name) in PARTIES.items():
        if slug == party_slug or name == party_name:
            return code
    return ""


def party_actors():
    """{code: the country actor} of the parties on record (one query)."""
    from commitments.models import Actor

    found = {}
    for actor in Actor.objects.filter(PARTY_ACTORS).order_by("id"):
        code = party_code(actor.slug, actor.name)
        # The actor at the slug wins over one that only shares the name.
        if code and (code not in found or actor.slug == PARTIES[code][0]):
            found[code] = actor
    return found


HTTP_URL = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)


class Rating(models.TextChoices):
    NO_EVIDENCE = "no_evidence", "no evidence"
    NOT_STARTED = "not_started", "not started"
    LIMITED = "limited", "limited"
    SUBSTANTIAL = "substantial", "substantial"
    COMPLETE = "complete", "complete"
    NOT_APPLICABLE = "not_applicable", "not applicable"


RATING_DESCRIPTIONS = {
    Rating.NO_EVIDENCE: "we found nothing either way; the rationale says what was looked for",
    Rating.NOT_STARTED: "the evidence shows no step taken yet",
    Rating.LIMITED: "first steps taken; most of what was promised is not done",
    Rating.SUBSTANTIAL: "most of it done, or done in part and under way",
    Rating.COMPLETE: "done as promised",
    Rating.NOT_APPLICABLE: "the commitment asks nothing of this party",
}

# How far each rating says a commitment got; "not applicable" is no step on the scale.
RATING_RANK = {
    Rating.NO_EVIDENCE: 0,
    Rating.NOT_STARTED: 1,
    Rating.LIMITED: 2,
    Rating.SUBSTANTIAL: 3,
    Rating.COMPLETE: 4,
}


def rating_rank(rating):
    """0 (no evidence) to 4 (complete); None for "not applicable" or an unknown value."""
    return RATING_RANK.get(rating)


class EvidenceKind(models.TextChoices):
    OFFICIAL_RELEASE = "official_release", "official release"
    IMPLEMENTATION_REPORT = "implementation_report", "implementation report"
    NEWS = "news", "news"
    DATA = "data", "data"
    INDEPENDENT_ASSESSMENT = "independent_assessment", "independent assessment"


class Reviewed(Tracked):
    """What evidence and assessments share: a draft until an editor publishes it, a version that
    guards concurrent edits, and when it was made and last changed."""

    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor published it; empty while it is a draft, which only editors see.",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Bumped on every edit; guards concurrent edits."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Evidence(Reviewed):
    """An outside, dated source about what happened, for one or more commitments."""

    Kind = EvidenceKind

    commitments = models.ManyToManyField(
        "commitments.Commitment",
        related_name="evidence",
        help_text="The commitments it speaks to: one source may serve several.",
    )
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    url = models.URLField(
        "source URL",
        max_length=1000,
        validators=[HTTP_URL],
        help_text="Where it is published (http or https). Never fetched by the site.",
    )
    publisher = models.CharField(max_length=200)
    date = models.DateField(help_text="When the source was published.")
    title = models.CharField(max_length=400, help_text="The title as published.")
    summary = models.TextField(help_text="What it shows, in our own words.")
    quote = models.TextField(blank=True, help_text="Optional: the source's exact words.")
    parties = models.ManyToManyField(
        "commitments.Actor",
        related_name="evidence",
        blank=True,
        limit_choices_to={"kind": "country"},
        help_text="The countries it concerns.",
    )
    history = HistoricalRecords(m2m_fields=["commitments", "parties"])

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "evidence"
        permissions = [("publish_evidence", "Can publish and unpublish evidence and assessments")]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in EvidenceKind]), name="evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="evidence_url_http",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="evidence_title_not_empty"),
            models.CheckConstraint(condition=~Q(summary=""), name="evidence_summary_not_empty"),
            models.CheckConstraint(condition=~Q(publisher=""), name="evidence_publisher_not_empty"),
        ]

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.date:%Y-%m-%d})"

    @property
    def is_published(self):
        return self.published_at is not None


class Assessment(Reviewed):
    """How far a commitment has got in fact, as of a date, for one party or the three together.

    Never overwritten by a later one: the latest published per party is the current one."""

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="assessments"
    )
    party = models.ForeignKey(
        "commitments.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        limit_choices_to=PARTY_ACTORS,
        help_text="The country assessed; empty for the three together.",
    )
    as_of = models.DateField(help_text="The date the rating describes.")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    rationale = models.TextField(
        help_text="Why, in our own words. For “no evidence”: what was looked for, and where."
    )
    evidence = models.ManyToManyField(
        Evidence,
        related_name="assessments",
        blank=True,
        help_text="The evidence it rests on: at least one, unless the rating is “no evidence”.",
    )
    history = HistoricalRecords(m2m_fields=["evidence"])

    class Meta:
        ordering = ["as_of", "id"]
        indexes = [
            models.Index(fields=["commitment", "party", "-as_of"], name="assessment_latest"),
            models.Index(fields=["as_of"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=[r.value for r in Rating]), name="assessment_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(party__isnull=False) | ~Q(rating=Rating.NOT_APPLICABLE),
                name="assessment_together_applies",
            ),
            models.CheckConstraint(
                condition=~Q(rationale=""), name="assessment_rationale_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.commitment}: {self.scope} {self.get_rating_display()} as of {self.as_of:%Y-%m-%d}"

    @property
    def scope(self):
        """The party's short name, or "together"."""
        if self.party_id is None:
            return TOGETHER
        return party_code(self.party.slug, self.party.name) or self.party.name

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def rank(self):
        return rating_rank(self.rating)

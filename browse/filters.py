"""The one FilterSet of the commitment lists: it parses and validates every query string that
selects commitments, whichever surface receives it (the browser page, the API, the CSV/JSON
exports, the feeds).

`CommitmentFilter(request.GET)` reads the filters; `problems()` lists what is wrong with the query
string (unknown parameters, invalid values); names (topics, actors...) are checked for existence by
the selection engine (browse/selection.py), which answers "which commitments, in which order,
with which counts". The form validates without touching the database, so building one costs no
query.
"""

from functools import cache
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from commitments.evidence import SCOPES, Rating
from commitments.models import Actor, Commitment, Meeting, MeetingSeries, Stage, Topic
from commitments.rules import is_slug

# Sort key -> (label, ORDER BY). Every order ends on id so pages never overlap.
SORTS = {
    "recent": ("Last activity", ("-last_date", "id")),
    "first": ("First made (newest first)", ("-first_date", "id")),
    "meetings": ("Number of meetings", ("-meeting_count", "-last_date", "id")),
    "title": ("Title (A–Z)", ("title", "id")),
}
DEFAULT_SORT = "recent"

# The facets whose choices are names (slugs) of these models, and what the pages call them.
NAMED = {"topic": Topic, "actor": Actor, "series": MeetingSeries, "meeting": Meeting}
NOUNS = {"topic": "topic", "actor": "actor", "series": "meeting series", "meeting": "meeting"}
# The filters shown as facets, with a count on each choice.
FACETS = ("topic", "actor", "furthest", "latest", "mention_stage", "series", "meeting")
# Parameters that other names stand for: `stage` (the one stage a commitment had before it had
# two) is the latest word, so the links shared before keep selecting the same commitments.
ALIASES = {"stage": "latest"}


def _dates(span):
    """DateFromToRangeFilter gives datetimes (start and end of day): the dates they fall on."""
    if not span:
        return None, None
    return tuple(v.date() if hasattr(v, "date") else v for v in (span.start, span.stop))


class SlugListField(forms.Field):
    """A repeated query parameter holding address names (?topic=dprk&topic=technology)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(v.strip() for v in value if v and v.strip()))

    def validate(self, value):
        super().validate(value)
        for slug in value:
            if not is_slug(slug):
                shown = slug if len(slug) <= 40 else slug[:40] + "…"
                raise ValidationError(
                    "“%(value)s” is not a valid name here: use the letters, digits and hyphens "
                    "of an address.",
                    code="invalid_slug",
                    params={"value": shown},
                )


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class StageListField(forms.MultipleChoiceField):
    """Stages from the vocabulary; empty values (?stage=) are ignored."""

    def to_python(self, value):
        return [v for v in super().to_python(value) if v]


class StageListFilter(django_filters.MultipleChoiceFilter):
    field_class = StageListField


_SCOPE_SPELLINGS = {scope.lower(): scope for scope in SCOPES}


def parse_assessment(value):
    """ "ROK:limited" (party or "together", then a rating) as (scope, rating), or None."""
    scope, colon, rating = value.strip().partition(":")
    scope = _SCOPE_SPELLINGS.get(scope.strip().lower())
    rating = rating.strip().lower()
    if not colon or scope is None or rating not in Rating.values:
        return None
    return scope, rating


class AssessmentListField(forms.Field):
    """A repeated query parameter of latest assessments: ?assessment=together:complete&
    assessment=ROK:limited (OR within a party, AND between parties)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        chosen = []
        for raw in value:
            if not raw or not raw.strip():
                continue
            parsed = parse_assessment(raw)
            if parsed is None:
                shown = raw if len(raw) <= 40 else raw[:40] + "…"
                raise ValidationError(
                    "“%(value)s” is not an assessment: write the party (%(scopes)s), a colon, "
                    "and a rating (%(ratings)s), as in together:complete.",
                    code="invalid_assessment",
                    params={
                        "value": shown,
                        "scopes": ", ".join(SCOPES),
                        "ratings": ", ".join(Rating.values),
                    },
                )
            chosen.append(":".join(parsed))
        return list(dict.fromkeys(chosen))


class AssessmentListFilter(django_filters.Filter):
    field_class = AssessmentListField


class CommitmentFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, stop = _dates(cleaned.get("mentioned"))
        if start and stop and start > stop:
            self.add_error("mentioned", "The “from” date is after the “to” date.")
        return cleaned


class CommitmentFilter(django_filters.FilterSet):
    """Topic, actor, furthest stage, latest word, stage at any mention, series, meeting, dates,
    text; sort.

    Selecting is the selection engine's job (browse/selection.py): this class only parses."""

    q = django_filters.CharFilter(label="Search", max_length=200, strip=True)
    topic = SlugListFilter(label="Topic")
    actor = SlugListFilter(label="Actor")
    furthest = StageListFilter(label="Furthest stage", choices=Stage.choices)
    latest = StageListFilter(label="Latest word", choices=Stage.choices)
    stage = StageListFilter(label="Latest word (stage)", choices=Stage.choices)
    mention_stage = StageListFilter(label="Stage at any mention", choices=Stage.choices)
    series = SlugListFilter(label="Meeting series")
    meeting = SlugListFilter(label="Meeting")
    mentioned = django_filters.DateFromToRangeFilter(label="Mentioned between")
    assessment = AssessmentListFilter(label="Latest assessment")
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        empty_label=None,
    )

    class Meta:
        model = Commitment
        fields = []
        form = CommitmentFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data or None, *args, queryset=Commitment.objects.none(), **kwargs)

    def selected(self, name):
        """The valid values chosen for a filter ([] when none or invalid)."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data with valid fields
        chosen = self.form.cleaned_data.get(name) or []
        for alias, meaning in ALIASES.items():
            if meaning == name and self.form.cleaned_data.get(alias):
                chosen = list(dict.fromkeys([*chosen, *self.form.cleaned_data[alias]]))
        return chosen

    def date_range(self):
        """The valid "mentioned between" dates as (start, stop), each a date or None."""
        return _dates(self.selected("mentioned"))

    @property
    def sort_key(self):
        """The chosen sort key, or "" for the default (relevance with text, else recent)."""
        return self.selected("sort") or ""

    def sort_menu(self):
        """The sort menu's options, (value, label, selected). No value means the default order:
        relevance with text, else DEFAULT_SORT, whose own option then has no value; so a search
        typed beside an untouched menu is ordered by relevance."""
        chosen, text = self.sort_key, bool(self.selected("q"))
        options = [("", "Relevance", not chosen)] if text else []
        for key, (label, _) in SORTS.items():
            if key == DEFAULT_SORT and not text:
                options.append(("", label, chosen in ("", key)))
            else:
                options.append((key, label, chosen == key))
        return options

    def assessments(self):
        """{scope: [ratings]} of the latest assessments chosen, in the order of SCOPES."""
        chosen = {}
        for value in self.selected("assessment"):
            scope, _, rating = value.partition(":")
            chosen.setdefault(scope, []).append(rating)
        return {scope: chosen[scope] for scope in SCOPES if scope in chosen}

    def names(self):
        """{facet: [slugs]} of the named facets chosen (topics, actors, series, meetings)."""
        return {facet: self.selected(facet) for facet in NAMED if self.selected(facet)}

    def problems(self, allowed_extra=()):
        """Messages for what is wrong with the query string: unknown parameters and invalid
        values (names are checked for existence by the selection). Empty when all is well."""
        messages = []
        known = set(parameter_names()) | set(allowed_extra)
        for key in self.data if self.is_bound else ():
            if key not in known:
                allowed = ", ".join(sorted(known))
                messages.append(f"“{key[:40]}” is not a filter here; use {allowed}.")
        messages.extend(f"{label}: {error}" for label, error in self.errors_by_label())
        return messages

    def errors_by_label(self):
        """[(the field's label, message)] of the invalid values."""
        if not self.is_bound:
            return []
        fields = self.form.fields
        return [
            (fields[name].label if name in fields else name, error)
            for name, messages in self.errors.items()
            for error in messages
        ]


@cache
def parameter_names():
    """The query parameter names the filters read (a date range reads two)."""
    names = []
    for name, field in CommitmentFilter().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None) or [None]
        names.extend(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
    return tuple(names)


def filter_query(querydict):
    """The query string reduced to the filters (no page, no unknown parameters, no blanks):
    what a download or a feed of the current view carries."""
    allowed = set(parameter_names())
    pairs = [
        (key, value)
        for key, values in querydict.lists()
        if key in allowed
        for value in values
        if value.strip()
    ]
    return urlencode(pairs)

"""The FilterSets shared by the browser page, the exports and the API.

`CommitmentFilter(request.GET, queryset=readers.public_commitments())` filters and sorts; its form
validates without touching the database (slugs are checked for shape here and for existence by
the facet queries), so building one per facet costs no query.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, OuterRef, Value

from browse import readers
from browse.facet_index import NAMED
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


class CommitmentFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, stop = _dates(cleaned.get("mentioned"))
        if start and stop and start > stop:
            self.add_error("mentioned", "The “from” date is after the “to” date.")
        return cleaned


class CommitmentFilter(django_filters.FilterSet):
    """Topic, actor, current stage, stage at any mention, series, meeting, dates, text; sort."""

    q = django_filters.CharFilter(label="Search", method="filter_text", max_length=200, strip=True)
    topic = SlugListFilter(label="Topic", method="filter_topic")
    actor = SlugListFilter(label="Actor", method="filter_actor")
    stage = StageListFilter(
        label="Current stage", choices=Stage.choices, method="filter_current_stage"
    )
    mention_stage = StageListFilter(
        label="Stage at any mention", choices=Stage.choices, method="filter_mention_stage"
    )
    series = SlugListFilter(label="Meeting series", method="filter_series")
    meeting = SlugListFilter(label="Meeting", method="filter_meeting")
    mentioned = django_filters.DateFromToRangeFilter(
        label="Mentioned between", method="filter_mentioned"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="filter_sort",
        empty_label=None,
    )

    # The filters shown as facets, with a count on each choice (commitments.facets).
    FACETS = ("topic", "actor", "stage", "mention_stage", "series", "meeting")

    class Meta:
        model = Commitment
        fields = []
        form = CommitmentFilterForm

    def filter_text(self, queryset, name, value):
        return readers.search(queryset, value)

    # A name that matches nothing is left out (the page says so): a shared link whose topic was
    # renamed still shows the rest of its view instead of an empty list.
    def filter_topic(self, queryset, name, value):
        return self._linked_to(queryset, Commitment.topics, "topic_id", self._ids(Topic, value))

    def filter_actor(self, queryset, name, value):
        return self._linked_to(queryset, Commitment.actors, "actor_id", self._ids(Actor, value))

    @staticmethod
    def _linked_to(queryset, relation, column, ids):
        if not ids:
            return queryset
        through = relation.through.objects.filter(
            commitment_id=OuterRef("pk"), **{f"{column}__in": ids}
        )
        return queryset.filter(Exists(through))

    def _ids(self, model, slugs):
        """The ids of these slugs, from one lookup of every named choice of this filterset.

        Literal ids let PostgreSQL estimate how many commitments a topic or actor leaves (through
        a join on slug it guesses, and at 100,000 commitments picked plans 100x slower).
        """
        memo = self.__dict__.setdefault("_slug_ids", {})
        if model.__name__ not in memo or not set(slugs) <= memo[model.__name__].keys():
            lookups = []
            for facet, named in NAMED.items():
                wanted = set(self.selected(facet)) | (set(slugs) if named is model else set())
                if wanted:
                    lookups.append(
                        named.objects.filter(slug__in=wanted)
                        .order_by()
                        .values_list(Value(named.__name__, output_field=CharField()), "slug", "id")
                    )
                memo.setdefault(named.__name__, {}).update(dict.fromkeys(wanted))
            rows = lookups[0].union(*lookups[1:], all=True) if len(lookups) > 1 else lookups[0]
            for model_name, slug, pk in rows:
                memo[model_name][slug] = pk
        found = memo[model.__name__]
        return [found[slug] for slug in slugs if found.get(slug) is not None]

    def filter_current_stage(self, queryset, name, value):
        return queryset.filter(current_stage__in=value)

    def filter_mention_stage(self, queryset, name, value):
        return queryset.filter(Exists(readers.accepted_mentions_of_outer().filter(stage__in=value)))

    def filter_series(self, queryset, name, value):
        ids = self._ids(MeetingSeries, value)
        if not ids:
            return queryset
        mentions = readers.accepted_mentions_of_outer().filter(meeting__series_id__in=ids)
        return queryset.filter(Exists(mentions))

    def filter_meeting(self, queryset, name, value):
        ids = self._ids(Meeting, value)
        if not ids:
            return queryset
        mentions = readers.accepted_mentions_of_outer().filter(meeting_id__in=ids)
        return queryset.filter(Exists(mentions))

    def filter_mentioned(self, queryset, name, value):
        # The summary columns prune on indexes first; EXISTS then checks a mention in the range.
        start, stop = _dates(value)
        mentions = readers.accepted_mentions_of_outer()
        if start:
            queryset = queryset.filter(last_date__gte=start)
            mentions = mentions.filter(meeting__start_date__gte=start)
        if stop:
            queryset = queryset.filter(first_date__lte=stop)
            mentions = mentions.filter(meeting__start_date__lte=stop)
        return queryset.filter(Exists(mentions))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT])[1])

    def date_range(self):
        """The valid "mentioned between" dates as (start, stop), each a date or None."""
        return _dates(self.selected("mentioned"))

    def selected(self, name):
        """The valid values chosen for a filter ([] when none or invalid)."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data with valid fields
        return self.form.cleaned_data.get(name) or []

"""The API's query parameters, read off the browser's FilterSet (browse/filters.py
CommitmentFilter): one declaration of each filter, so the OpenAPI schema states exactly the
values the server accepts (choices as enums, names as a pattern, lengths and bounds) and
django-ninja refuses anything else before the FilterSet reads the query string.
"""

import datetime
from typing import Annotated, Literal

from django import forms
from ninja import Field, Schema
from pydantic import create_model

from browse.filters import AssessmentListField, CommitmentFilter, SlugListField
from commitments.evidence import SCOPES, Rating
from commitments.rules import SLUG_MAX_LENGTH

PER_PAGE = 25
MAX_PER_PAGE = 100
# Past the last page the server answers 400 with the number of pages; no list is this long.
MAX_PAGE = 1_000_000
# An address name (commitments.rules.is_slug); the FilterSet strips spaces around it.
SLUG_PATTERN = rf"^\s*[-a-zA-Z0-9_]{{1,{SLUG_MAX_LENGTH}}}\s*$"
# A latest assessment: the party (or "together"), a colon, a rating; parties in any case.
ASSESSMENT_PATTERN = rf"^\s*(?i:{'|'.join(SCOPES)})\s*:\s*(?i:{'|'.join(Rating.values)})\s*$"
DATE_WORDS = {
    "after": "on or after this date (YYYY-MM-DD)",
    "before": "on or before this date (YYYY-MM-DD; not before the other)",
}


class Problem(Schema):
    """What a 400 or 404 answers: what went wrong, and each parameter's problem in words."""

    detail: str
    errors: list[str] = []


def _choices(field):
    return tuple(str(value) for value, _label in field.choices if value != "")


def filter_parameters():
    """{parameter name: (type, Field)} of each filter, in the FilterSet's order."""
    parameters = {}
    for name, field in CommitmentFilter().form.fields.items():
        label = str(field.label)
        suffixes = getattr(field.widget, "suffixes", None)
        if suffixes:  # a range: one parameter per end
            for suffix in suffixes:
                words = DATE_WORDS.get(suffix, suffix)
                parameters[f"{name}_{suffix}"] = (
                    datetime.date | None,
                    Field(None, description=f"{label}: {words}."),
                )
        elif isinstance(field, SlugListField):
            slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
            parameters[name] = (
                list[slug],
                Field(
                    [], description=f"{label}: address names (slugs); repeat for any of several."
                ),
            )
        elif isinstance(field, AssessmentListField):
            value = Annotated[str, Field(pattern=ASSESSMENT_PATTERN)]
            parameters[name] = (
                list[value],
                Field(
                    [],
                    description=f"{label}: party:rating, the party one of {', '.join(SCOPES)}, "
                    f"the rating one of {', '.join(Rating.values)} (e.g. together:complete); "
                    "repeat for any of several (OR within a party, AND between parties).",
                ),
            )
        elif isinstance(field, forms.MultipleChoiceField):
            parameters[name] = (
                list[Literal[_choices(field)]],
                Field([], description=f"{label}: repeat for any of several."),
            )
        elif isinstance(field, forms.ChoiceField):
            parameters[name] = (Literal[_choices(field)] | None, Field(None, description=label))
        else:
            most = field.max_length
            parameters[name] = (
                str | None,
                Field(None, max_length=most, description=f"{label} (at most {most} characters)."),
            )
    return parameters


def paging_parameters():
    return {
        "page": (int, Field(1, ge=1, le=MAX_PAGE, description="Past the last page: 400.")),
        "per_page": (int, Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)),
    }


CommitmentQuery = create_model(
    "CommitmentQuery",
    __base__=Schema,
    __doc__="The browser's filters (browse/filters.py); repeat a parameter to choose several.",
    **filter_parameters(),
    **paging_parameters(),
)
PageQuery = create_model("PageQuery", __base__=Schema, **paging_parameters())

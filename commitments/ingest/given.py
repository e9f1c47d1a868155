"""What an editor supplies about a text it does not say itself, validated once: the admin's
preview form and `manage.py ingest --series ... --source-url ...` both clean their values here,
so the command refuses exactly what the admin refuses."""

from django import forms

from commitments.models import Statement

LANGUAGE_CODE = r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$"


class GivenMetadataForm(forms.Form):
    """The fields an editor may give for a text; every one optional."""

    title = forms.CharField(max_length=400, required=False)
    meeting_date = forms.DateField(
        required=False,
        help_text="Blank: taken from the meeting of the statement this text matches.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place = forms.CharField(max_length=200, required=False)
    series = forms.CharField(
        max_length=200,
        required=False,
        label="Meeting series",
        widget=forms.TextInput(attrs={"list": "known-series"}),
        help_text="A known series or its alias; a new name creates a new series.",
    )
    publisher = forms.CharField(
        max_length=200,
        required=False,
        help_text="The institution that issued the statement (not a person, not a news site).",
    )
    found_at = forms.CharField(
        max_length=200,
        required=False,
        label="Found at",
        help_text="For a repost: the news site or distributor the text was found on.",
    )
    source_url = forms.URLField(
        max_length=1000, required=False, assume_scheme="https", label="Source URL"
    )
    language = forms.RegexField(
        regex=LANGUAGE_CODE,
        max_length=16,
        required=False,
        error_messages={"invalid": "A language code such as en, ko or ja."},
    )
    translation_of = forms.CharField(
        required=False,
        max_length=200,
        label="Translation of (statement slug)",
        help_text="Blank: the official text of the same meeting is found automatically.",
    )

    def clean_translation_of(self):
        slug = self.cleaned_data["translation_of"].strip()
        if not slug:
            return None
        statement = Statement.objects.filter(slug=slug).select_related("meeting").first()
        if statement is None:
            raise forms.ValidationError(f"No statement has the slug “{slug}”.")
        return statement


def given_values(form, supplied):
    """The cleaned values of the fields named in `supplied` (those an editor actually gave)."""
    return {name: form.cleaned_data[name] for name in supplied if name in form.cleaned_data}

"""The admin ingestion view: upload source texts (or pick them from settings.SOURCES_DIR), preview
what ingestion found in each, correct the metadata, then save everything in one transaction.

The raw bytes travel from the preview to the confirmation signed (django.core.signing), so what
is saved is exactly what was previewed and nobody can slip other bytes in.
"""

import base64
import binascii
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse

from commitments.ingest import IngestError, destination, parse_source, save_batch
from commitments.ingest.gazetteer import COUNTRIES, SERIES
from commitments.ingest.given import GivenMetadataForm
from commitments.models import MeetingSeries, Statement, content_hash
from commitments.services import actors

SIGNING_SALT = "editors.ingestion"
PAYLOAD_MAX_AGE = 24 * 3600  # a preview left open overnight must be redone


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)  # ingestion says why an empty file is refused
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ChooseSourcesForm(forms.Form):
    files = MultipleFileField(required=False, label="Upload text files")
    sources = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Or pick source texts"
    )

    def __init__(self, *args, source_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(name, name) for name in source_names]

    def clean(self):
        data = super().clean()
        files, sources = data.get("files") or [], data.get("sources") or []
        if not files and not sources:
            raise forms.ValidationError(
                "Upload at least one file or pick at least one source text."
            )
        check_batch([upload.size for upload in files] + [source_size(name) for name in sources])
        return data


def check_batch(sizes):
    """Refuse a batch over the stated limits (INGEST_MAX_FILES texts, INGEST_MAX_BATCH_BYTES in
    all), so that what previews can be confirmed."""
    most, most_bytes = settings.INGEST_MAX_FILES, settings.INGEST_MAX_BATCH_BYTES
    if len(sizes) > most:
        raise forms.ValidationError(
            f"At most {most} texts can be ingested at once: you chose {len(sizes)}. "
            "Nothing was read; send them in smaller batches."
        )
    if sum(sizes) > most_bytes:
        raise forms.ValidationError(
            f"At most {filesizeformat(most_bytes)} ({most_bytes:,} bytes) can be ingested at "
            f"once: these texts make {sum(sizes):,} bytes. Nothing was read; send them in "
            "smaller batches."
        )


class StatementMetadataForm(GivenMetadataForm):
    """What ingestion found about one text, editable before saving (the fields the command line
    can give are validated by GivenMetadataForm, for both)."""

    payload = forms.CharField(widget=forms.HiddenInput)
    published_on = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )
    is_virtual = forms.BooleanField(required=False, label="Virtual meeting")
    ordinal = forms.IntegerField(
        required=False, min_value=1, max_value=999, help_text='14 for "14th"'
    )
    is_repost = forms.BooleanField(
        required=False, label="A repost", help_text="Republished by a news site or distributor."
    )
    kind = forms.ChoiceField(choices=Statement.Kind.choices)
    is_translation = forms.BooleanField(required=False, label="A translation")
    join_proposed = forms.BooleanField(
        required=False,
        initial=True,
        label="Join the proposed meeting",
        help_text="Where the meeting on record is only proposed (see “Where it goes”); untick "
        "to make a new meeting.",
    )
    parties = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Parties to the statement",
        help_text="The countries that issued it (not the ones it is about).",
    )
    drop_participants = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Leave out participants",
        help_text="Tick a participant the text does not name as one.",
    )
    field_order = [
        "payload",
        "title",
        "meeting_date",
        "published_on",
        "place",
        "is_virtual",
        "series",
        "ordinal",
        "join_proposed",
        "publisher",
        "found_at",
        "is_repost",
        "source_url",
        "language",
        "kind",
        "is_translation",
        "translation_of",
        "parties",
        "drop_participants",
    ]

    def __init__(self, *args, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Confirming, the text is parsed again only once the form is valid: any known country
        # and any position are accepted here; describe() then labels them for display.
        self.fields["parties"].choices = [(name, name) for name in country_choices()]
        self.fields["drop_participants"].choices = [
            (str(i), str(i)) for i in range(MAX_PARTICIPANTS)
        ]
        if result is not None:
            self.describe(result)

    def describe(self, result):
        """Choices labelled from what `result` found: its countries first, its participants."""
        meta = result.metadata
        # The parties found, then the countries of the participants: never a country the text
        # only speaks of (the DPRK, Russia, Taiwan).
        found = [*meta.parties, *(p.country for p in meta.participants if p.country)]
        self.fields["parties"].choices = [(name, name) for name in country_choices(found)]
        self.fields["drop_participants"].choices = [
            (str(i), _participant_label(p)) for i, p in enumerate(meta.participants)
        ]

    def clean_payload(self):
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=PAYLOAD_MAX_AGE
            )
            return data["name"], base64.b64decode(data["raw"], validate=True)
        except signing.SignatureExpired:
            raise forms.ValidationError("This preview is too old; upload the file again.") from None
        except (signing.BadSignature, KeyError, TypeError, ValueError, binascii.Error):
            raise forms.ValidationError(
                "The file's content was altered between preview and confirmation; upload it again."
            ) from None

    def overrides(self):
        data = dict(self.cleaned_data)
        data.pop("payload")
        for key in ("title", "place", "publisher", "found_at", "source_url", "language"):
            data[key] = data[key] or ""
        if not data["title"]:
            data.pop("title")  # blank: the title found, or one made from the meeting
        if not data["language"]:
            data.pop("language")
        return data


MAX_PARTICIPANTS = 50


def _participant_label(participant):
    parts = [participant.name or "(not named)", participant.title, participant.country or "?"]
    return ", ".join(part for part in parts if part)


def country_choices(found=()):
    """The countries that may be parties: those found in the text first, then every other known
    country but the ones statements speak about and never issue (actors.is_never_party)."""
    known = [actor.name for actor in COUNTRIES]
    known += actors.party_countries().values_list("name", flat=True)
    names = dict.fromkeys([*found, *sorted(set(known))])
    return [name for name in names if not actors.is_never_party(name)]


def sign_payload(name, raw):
    return signing.dumps(
        {"name": name, "raw": base64.b64encode(raw).decode("ascii")},
        salt=SIGNING_SALT,
        compress=True,
    )


def initial_metadata(result):
    meta = result.metadata
    return {
        "title": meta.title,
        "meeting_date": meta.meeting_date,
        "published_on": meta.published_on,
        "place": meta.place,
        "is_virtual": meta.is_virtual,
        "series": meta.series,
        "ordinal": meta.ordinal,
        "publisher": meta.publisher,
        "found_at": meta.found_at,
        "is_repost": meta.is_repost,
        "join_proposed": True,
        "source_url": meta.source_url,
        "language": meta.language,
        "kind": meta.kind,
        "is_translation": meta.is_translation,
        "translation_of": "",
        "parties": list(meta.parties),
        "drop_participants": [],
    }


def metadata_form(result, raw, name, index):
    return StatementMetadataForm(
        prefix=f"f{index}",
        initial={**initial_metadata(result), "payload": sign_payload(name, raw)},
        result=result,
    )


def source_names():
    """Names of the source texts in settings.SOURCES_DIR that staff may pick."""
    directory = Path(settings.SOURCES_DIR)
    if not directory.is_dir():
        return []
    return sorted(
        child.name
        for child in directory.iterdir()
        if child.is_file() and not child.name.startswith(".")
    )


def source_size(name):
    """The size in bytes of a picked source text."""
    if name not in source_names():  # never a path from the request
        raise PermissionDenied
    return (Path(settings.SOURCES_DIR) / name).stat().st_size


def read_source(name):
    """Bytes of a picked source text (read no further than one byte over the limit)."""
    if name not in source_names():  # never a path from the request
        raise PermissionDenied
    with (Path(settings.SOURCES_DIR) / name).open("rb") as handle:
        return handle.read(settings.INGEST_MAX_BYTES + 1)


def ingest_view(request, model_admin):
    """Choose texts (GET), preview them (POST), confirm (POST with action=confirm)."""
    if not request.user.has_perm("commitments.ingest_statement"):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, model_admin)
    names = source_names()
    posted = request.method == "POST"
    form = ChooseSourcesForm(
        request.POST if posted else None, request.FILES if posted else None, source_names=names
    )
    if posted and form.is_valid():
        texts = [(name, read_source(name)) for name in form.cleaned_data["sources"]]
        for upload in form.cleaned_data["files"]:
            texts.append((upload.name, upload.read(settings.INGEST_MAX_BYTES + 1)))
        files = []
        for index, (name, raw) in enumerate(texts):
            result = parse_source(raw, filename=name)
            form_for_file = None
            if result.ok:
                form_for_file = metadata_form(result, raw, name, index)
            files.append(_file_context(result, form_for_file, len(raw)))
        return _render_preview(request, model_admin, files)
    # Already ingested = the same bytes are on record, whatever the file was called then.
    hashes = {name: content_hash(read_source(name)) for name in names}
    slugs = dict(
        Statement.objects.filter(content_hash__in=hashes.values()).values_list(
            "content_hash", "slug"
        )
    )
    existing = {name: slugs.get(digest) for name, digest in hashes.items()}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Ingest source texts",
        "form": form,
        "sources": [(name, existing.get(name)) for name in names],
        "max_bytes": settings.INGEST_MAX_BYTES,
        "max_files": settings.INGEST_MAX_FILES,
        "max_batch_bytes": settings.INGEST_MAX_BATCH_BYTES,
    }
    return TemplateResponse(request, "admin/commitments/ingest/choose.html", context)


def _confirm(request, model_admin):
    try:
        count = min(int(request.POST.get("count", "0")), settings.INGEST_MAX_FILES)
    except ValueError:
        count = 0
    forms_ = [StatementMetadataForm(request.POST, prefix=f"f{index}") for index in range(count)]
    if not forms_:
        messages.error(request, "Nothing to save: upload or pick the files again.")
        return HttpResponseRedirect(reverse("admin:commitments_statement_ingest"))
    files, items, problem = [], [], False
    for form in forms_:
        if not form.is_valid():
            problem = True
            payload = form.cleaned_data.get("payload") if hasattr(form, "cleaned_data") else None
            result = parse_source(payload[1], filename=payload[0]) if payload else None
            files.append(_file_context(result, form, len(payload[1]) if payload else 0))
            continue
        name, raw = form.cleaned_data["payload"]
        result = parse_source(raw, filename=name)
        files.append(_file_context(result, form, len(raw)))
        if result.ok:
            items.append((result, form.overrides()))
        else:
            problem = True
    if problem:
        return _render_preview(
            request, model_admin, files, error="Nothing was saved: fix the fields marked below."
        )
    try:
        outcomes = save_batch(items, user=request.user)
    except IngestError as exc:
        return _render_preview(request, model_admin, files, error=f"Nothing was saved: {exc}")
    for outcome in outcomes:
        level = messages.SUCCESS if outcome.created else messages.INFO
        messages.add_message(request, level, f"{outcome.label}: {outcome.message}")
    landing = desk_to_land_on(outcomes)
    return HttpResponseRedirect(reverse("admin:commitments_statement_tag", args=[landing.pk]))


def desk_to_land_on(outcomes):
    """The statement whose tagging desk follows a confirmation: the first new official text, else
    the first new one (a translation), else the first already on record."""
    created = [outcome.statement for outcome in outcomes if outcome.created]
    official = [statement for statement in created if not statement.translation_of_id]
    return (official or created or [outcomes[0].statement])[0]


def _file_context(result, form, size):
    context = {"result": result, "form": form, "size": size, "existing": None}
    if form is not None and result is not None and result.ok:
        form.describe(result)
    if result is not None:
        context["existing"] = Statement.objects.filter(content_hash=result.content_hash).first()
        context["blocks"] = _segment_blocks(result.segments)
        if result.ok:
            overrides = (
                form.overrides() if form is not None and form.is_bound and form.is_valid() else None
            )
            context["destination"], found = destination(result, overrides)
            context["proposed"] = found is not None and found.meeting is not None and not found.sure
    return context


def _segment_blocks(segments):
    """Kept paragraphs, and runs of dropped pieces folded together, in the order of the text."""
    blocks = []
    for segment in segments:
        if segment.kept:
            blocks.append({"kept": True, "text": segment.text})
        elif blocks and not blocks[-1]["kept"]:
            blocks[-1]["dropped"].append(segment)
        else:
            blocks.append({"kept": False, "dropped": [segment]})
    for block in blocks:
        if not block["kept"]:
            block["reasons"] = sorted({segment.reason for segment in block["dropped"]})
    return blocks


def _render_preview(request, model_admin, files, error=""):
    known_series = sorted(
        {s.name for s in SERIES} | set(MeetingSeries.objects.values_list("name", flat=True))
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Ingest source texts: preview",
        "files": files,
        "count": len(files),
        "can_confirm": bool(files)
        and all(f["form"] is not None for f in files)
        and not any(f["result"] is None or not f["result"].ok for f in files),
        "error": error,
        "known_series": known_series,
        "max_bytes": settings.INGEST_MAX_BYTES,
    }
    status = 400 if error else 200
    return TemplateResponse(
        request, "admin/commitments/ingest/preview.html", context, status=status
    )

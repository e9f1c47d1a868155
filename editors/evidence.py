"""Evidence and assessments in the admin: forms guarded against concurrent edits, history with
revert, and publishing or unpublishing the selected items after a confirmation."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from commitments import tracking
from commitments.evidence import (
    HTTP_URL,
    PARTY_ACTORS,
    RATING_DESCRIPTIONS,
    TOGETHER,
    Assessment,
    Evidence,
    party_actors,
)
from commitments.services import edits
from commitments.services import evidence as service
from editors.forms import LoadedStateField, _is_history_form

PERMISSION = "commitments.publish_evidence"


class VersionGuardedForm(forms.ModelForm):
    """Carries the version the editor loaded; saving from an older version is refused (as a
    mention's form does). A history revert form is guarded by the current version."""

    loaded_version = LoadedStateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and not self.is_bound:
            version = instance.version
            if _is_history_form(instance):
                current = type(instance).objects.filter(pk=instance.pk)
                version = current.values_list("version", flat=True).first() or version
                self._initial_links_from_history(instance)
            self.fields["loaded_version"].initial = version

    def _initial_links_from_history(self, instance):
        # The revert form shows the old version's links, not the current ones.
        record = instance._history
        for field in getattr(record, "_history_m2m_fields", ()):
            if field.name in self.fields:
                column = field.m2m_reverse_field_name()  # the target's column on the through rows
                rows = getattr(record, field.name).values_list(f"{column}_id", flat=True)
                self.initial[field.name] = list(rows)

    def _exists(self):
        return type(self.instance).objects.filter(pk=self.instance.pk).exists()

    def _guarded(self):
        if not self.instance.pk:
            return False
        if _is_history_form(self.instance):
            return self._exists()  # reverting a deleted row brings it back: nothing to overwrite
        return self.has_changed()

    def clean(self):
        cleaned = super().clean()
        if self._guarded():
            model = type(self.instance)
            current = model.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if cleaned.get("loaded_version") != str(current.first()):
                raise forms.ValidationError(
                    str(service.conflict(model, self.instance.pk)), code="conflict"
                )
        return cleaned

    def save(self, commit=True):
        if self._guarded():
            # clean() gives the message; this claim closes the race window.
            service.claim(self.instance, int(self.cleaned_data["loaded_version"]))
        if _is_history_form(self.instance) and self._exists():
            # A revert restores the words, not the publication: that is the publish action's job.
            current = type(self.instance).objects.filter(pk=self.instance.pk)
            self.instance.published_at = current.values_list("published_at", flat=True).first()
        return super().save(commit=commit)


class EvidenceForm(VersionGuardedForm):
    url = forms.URLField(
        label="Source URL",
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": HTTP_URL.message},
        help_text=Evidence._meta.get_field("url").help_text,
    )

    class Meta:
        model = Evidence
        fields = [
            "commitments",
            "kind",
            "url",
            "publisher",
            "date",
            "title",
            "summary",
            "quote",
            "parties",
        ]


class AssessmentForm(VersionGuardedForm):
    class Meta:
        model = Assessment
        fields = ["commitment", "party", "as_of", "rating", "rationale", "evidence"]

    def clean(self):
        cleaned = super().clean()
        rating, party = cleaned.get("rating"), cleaned.get("party")
        if rating:
            if problem := service.party_problem(party, rating):
                self.add_error("party", problem)
            if problem := service.evidence_problem(rating, cleaned.get("evidence") or []):
                self.add_error("evidence", problem)
        drafts = [e for e in cleaned.get("evidence") or [] if not e.is_published]
        if drafts and self.instance.pk and self.instance.published_at:
            names = "; ".join(f"“{e}”" for e in drafts)
            self.add_error(
                "evidence",
                f"This assessment is published and may cite only published evidence; {names} "
                "is a draft: publish it first.",
            )
        return cleaned


class PublishedFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("draft", "Drafts"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() in ("draft", "published"):
            return queryset.filter(published_at__isnull=self.value() == "draft")
        return queryset


class PartyFilter(admin.SimpleListFilter):
    """An assessment's scope: one party, or the three together (no party)."""

    title = "party"
    parameter_name = "party"
    field = "party"
    together = True  # "the three together" is a choice: no party

    def lookups(self, request, model_admin):
        self.actors = party_actors()  # read once: the choices, then the filtering
        parties = [(code, code) for code in self.actors]
        return [(TOGETHER, "the three together"), *parties] if self.together else parties

    def queryset(self, request, queryset):
        if self.together and self.value() == TOGETHER:
            return queryset.filter(**{f"{self.field}__isnull": True})
        if actor := self.actors.get(self.value()):
            return queryset.filter(**{self.field: actor})
        return queryset


class EvidencePartyFilter(PartyFilter):
    """The parties evidence speaks to: the three, not every country actor on record."""

    title = "parties"
    parameter_name = "parties"
    field = "parties"
    together = False


class _PublishingAdmin(SimpleHistoryAdmin):
    """What evidence and assessments share: guarded saves, history, publication actions."""

    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["publication_state", "version"]

    def has_publish_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_delete_permission(self, request, obj=None):
        # The series is the record: only a superuser removes a row (a mistake, not a change).
        return request.user.is_superuser

    @admin.display(description="publication", ordering="published_at")
    def publication_state(self, obj):
        if obj.published_at:
            return f"published {obj.published_at:%Y-%m-%d}"
        return "draft"

    def _save_guarded(self, request, view, *args):
        try:
            with tracking.deferred():
                return view(request, *args)
        except edits.EditConflict as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._save_guarded(
            request, super().changeform_view, object_id, form_url, extra_context
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._save_guarded(
            request, super().history_form_view, object_id, version_id, extra_context
        )

    def _confirm(self, request, queryset, action, verb, extra=None):
        """The confirmation page of an action (GET-like first pass), or None once confirmed."""
        if request.POST.get("confirm") == "yes":
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{verb} {len(queryset)} {self.model._meta.verbose_name_plural}?",
            "items": queryset,
            "verb": verb,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **(extra or {}),
        }
        return TemplateResponse(request, "admin/commitments/evidence/confirm.html", context)

    def publish_items(self, items, user):
        raise NotImplementedError  # the model's publication service

    def unpublish_items(self, items, user):
        raise NotImplementedError

    def confirm_publishing(self, items):
        """Extra context for the publish confirmation (what else publishing these publishes)."""
        return {}

    @admin.action(description="Publish selected %(verbose_name_plural)s…", permissions=["publish"])
    def publish_selected(self, request, queryset):
        items = list(queryset.filter(published_at__isnull=True))
        extra = self.confirm_publishing(items)
        page = self._confirm(request, items, "publish_selected", "Publish", extra)
        if page is None:
            self._report(request, lambda: self.publish_items(items, request.user))
        return page

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s…", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        items = list(queryset.filter(published_at__isnull=False))
        page = self._confirm(request, items, "unpublish_selected", "Unpublish")
        if page is None:
            self._report(request, lambda: self.unpublish_items(items, request.user))
        return page

    def _report(self, request, run):
        try:
            outcome = run()
        except edits.EditError as error:
            self.message_user(request, f"Nothing was changed: {error}", messages.ERROR)
            return
        for message in outcome.messages:
            self.message_user(request, message, messages.SUCCESS)


@admin.register(Evidence)
class EvidenceAdmin(_PublishingAdmin):
    form = EvidenceForm
    list_display = ["title", "publication_state", "kind", "publisher", "date"]
    list_filter = [
        PublishedFilter,
        "kind",
        EvidencePartyFilter,
        ("date", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "publisher", "url", "summary", "commitments__title"]
    autocomplete_fields = ["commitments"]
    date_hierarchy = "date"
    fields = ["publication_state", *EvidenceForm.Meta.fields, "version", "loaded_version"]

    class Media:
        css = {"all": ["css/admin_evidence.css"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "parties":
            kwargs["queryset"] = db_field.related_model.objects.filter(PARTY_ACTORS)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def publish_items(self, items, user):
        return service.publish_evidence(items, user)

    def unpublish_items(self, items, user):
        return service.unpublish_evidence(items, user)


@admin.register(Assessment)
class AssessmentAdmin(_PublishingAdmin):
    form = AssessmentForm
    list_display = ["commitment_title", "scope_name", "rating", "as_of", "publication_state"]
    list_filter = [PublishedFilter, "rating", PartyFilter, ("as_of", admin.DateFieldListFilter)]
    list_select_related = ["commitment", "party"]
    search_fields = ["commitment__title", "rationale"]
    autocomplete_fields = ["commitment", "evidence"]
    date_hierarchy = "as_of"
    fields = ["publication_state", *AssessmentForm.Meta.fields, "version", "loaded_version"]

    # A column of its own rather than the foreign key, which the admin keeps on one line: long
    # titles would push the rating and the date out of sight at 1,280 px.
    @admin.display(description="commitment", ordering="commitment__title")
    def commitment_title(self, assessment):
        return assessment.commitment.title

    @admin.display(description="party", ordering="party__short_name")
    def scope_name(self, assessment):
        return assessment.scope

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "party":
            kwargs["empty_label"] = "the three together"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "rating":
            field.help_text = "; ".join(
                f"{r.label}: {text}" for r, text in RATING_DESCRIPTIONS.items()
            )
        return field

    def confirm_publishing(self, items):
        return {"draft_evidence": service.unpublished_evidence(items)}

    def publish_items(self, items, user):
        # An assessment is never public before its evidence: confirmed, both are published.
        return service.publish_assessments(items, user, with_evidence=True)

    def unpublish_items(self, items, user):
        return service.unpublish_assessments(items, user)

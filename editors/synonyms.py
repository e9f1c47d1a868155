"""The synonyms search expands queries with, kept by editors in the admin: one group per thing
named several ways (DPRK, North Korea, ...). A term belongs to one group; every query word or
phrase equal to a member finds all members (browse/search.py)."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commitments import tracking
from commitments.models import Synonym, synonym_key


class SynonymFormSet(forms.BaseInlineFormSet):
    """Refuses the same term twice in one group (the database would refuse it less clearly)."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("term"):
                continue
            key = synonym_key(form.cleaned_data["term"])
            if key in seen:
                raise forms.ValidationError(
                    f"“{form.cleaned_data['term']}” and “{seen[key]}” are the same synonym."
                )
            seen[key] = form.cleaned_data["term"]


class SynonymInline(admin.TabularInline):
    model = Synonym
    formset = SynonymFormSet
    fields = ["term"]
    extra = 3
    verbose_name = "name"
    verbose_name_plural = "Names search treats as one (case and punctuation do not matter)"


class SynonymGroupAdmin(SimpleHistoryAdmin):
    list_display = ["members", "note", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["synonyms__term", "note"]
    fields = ["note", "source"]
    readonly_fields = ["source"]
    inlines = [SynonymInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("synonyms")

    @admin.display(description="names")
    def members(self, group):
        return str(group)

    def changeform_view(self, request, *args, **kwargs):
        with tracking.deferred():  # the group and its names: one new data version
            return super().changeform_view(request, *args, **kwargs)

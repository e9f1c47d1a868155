"""The editors' home: every model with search, filters and autocomplete; history on what editors tag."""

from functools import partial

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from commitments import tracking
from commitments.models import (
    Actor,
    ActorAlias,
    ActorRedirect,
    Clause,
    Commitment,
    CommitmentAlias,
    CommitmentRedirect,
    Meeting,
    MeetingSeries,
    Mention,
    Participation,
    Statement,
    SynonymGroup,
    Topic,
)
from commitments.services import addresses, edits, merge, review
from editors import (  # noqa: F401 (evidence: its admin)
    actors,
    desk,
    evidence,
    in_place,
    ingestion,
    publication,
    review_queue,
    synonyms,
)
from editors.forms import ActorAliasForm, CommitmentForm, MentionForm, PartiesField

admin.site.site_header = "Trilat editors"
admin.site.site_title = "Trilat"
admin.site.index_title = "Statements, commitments and their mentions"


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = ActorAliasForm
    extra = 3
    verbose_name_plural = "Other names (spellings, titles, languages) that resolve to this actor"


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "short_name", "title", "country", "alias_names"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "title", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [ActorAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="also known as")
    def alias_names(self, actor):
        names = [a.name for a in actor.aliases.all() if a.name != actor.name]
        shown = ", ".join(names[:6])
        return f"{shown}, … ({len(names)})" if len(names) > 6 else shown

    @admin.action(description="Merge selected actors…", permissions=["change"])
    def merge_selected(self, request, queryset):
        return actors.merge_selected(self, request, queryset)


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    form = ActorAliasForm
    list_display = ["name", "actor"]
    search_fields = ["name", "actor__name"]
    list_filter = ["actor__kind"]
    autocomplete_fields = ["actor"]


@admin.register(ActorRedirect)
class ActorRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "actor", "created_at"]
    search_fields = ["old_slug", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    list_filter = [("commitments", admin.EmptyFieldListFilter)]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "level"]
    list_filter = ["level"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ParticipationInline(admin.TabularInline):
    model = Participation
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["actor", "country"]


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ["title", "kind", "language", "published_on", "publisher"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "ordinal", "start_date", "place", "is_virtual"]
    list_filter = [
        "series__level",
        "series",
        "is_virtual",
        ("start_date", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "place", "series__name"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["series"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, StatementInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["actor", "role", "country", "meeting", "is_party"]
    list_filter = ["is_party", "country", "meeting__series"]
    search_fields = ["actor__name", "role", "meeting__title"]
    autocomplete_fields = ["meeting", "actor", "country"]


class ClauseInline(admin.TabularInline):
    model = Clause
    fk_name = "statement"
    fields = ["position", "paragraph", "text", "carries_commitment", "aligned_to"]
    readonly_fields = ["position", "paragraph", "text"]
    autocomplete_fields = ["aligned_to"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Clauses come from ingestion: their offsets must match the body.
        return False


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("draft", "Drafts"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(published_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False)
        return queryset


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "publication_state",
        "meeting_date",
        "publisher",
        review_queue.review_link,
    ]
    list_select_related = ["meeting"]
    list_filter = [PublicationFilter, "kind", "language", "meeting__series", "publisher"]
    actions = ["publish_selected", "unpublish_selected"]
    search_fields = ["title", "publisher", "source_url", "meeting__title", "content_hash"]
    autocomplete_fields = ["meeting", "translation_of"]
    readonly_fields = [
        "content_hash",
        "raw_text",
        "ingested_at",
        "ingested_by",
        "source_name",
        "publication_state",
        "ingest_warnings",
    ]
    inlines = [ClauseInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "publication_state",
                    "title",
                    "slug",
                    "meeting",
                    "kind",
                    "language",
                    "translation_of",
                    "is_unofficial_translation",
                    "parties",
                ]
            },
        ),
        (
            "Provenance",
            {
                "fields": [
                    "publisher",
                    "found_at",
                    "is_repost",
                    "source_url",
                    "published_on",
                    "source_name",
                    "content_hash",
                    "ingested_at",
                    "ingested_by",
                    "ingest_warnings",
                ]
            },
        ),
        ("Text", {"classes": ["collapse"], "fields": ["body", "raw_text"]}),
    ]

    def get_urls(self):
        def view(function, **options):
            return self.admin_site.admin_view(partial(function, model_admin=self, **options))

        return [
            path("ingest/", view(ingestion.ingest_view), name="commitments_statement_ingest"),
            path(
                "<int:object_id>/publish/",
                view(publication.publication_view),
                name="commitments_statement_publish",
            ),
            path(
                "<int:object_id>/unpublish/",
                view(publication.publication_view, publish=False),
                name="commitments_statement_unpublish",
            ),
            path("<int:object_id>/tag/", view(desk.desk_view), name="commitments_statement_tag"),
            path(
                "<int:object_id>/tag/panel/",
                view(desk.panel_view),
                name="commitments_statement_tag_panel",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return publication.with_pending(super().get_queryset(request))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "parties":
            # The countries that issue statements; never the DPRK, Russia or Taiwan they speak of.
            return PartiesField(required=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="meeting", ordering="meeting__start_date")
    def meeting_date(self, statement):
        return f"{statement.meeting.start_date:%Y-%m-%d}"

    @admin.display(description="publication", ordering="published_at")
    def publication_state(self, statement):
        """Published (when), or a draft with how many suggestions await review."""
        pending = getattr(statement, "pending", None)
        if statement.published_at:
            return f"published {statement.published_at:%Y-%m-%d}"
        if pending is None:
            return "draft"
        return f"draft, {pending} suggestion{'' if pending == 1 else 's'} to review"

    def has_publish_permission(self, request):
        return request.user.has_perm(publication.PERMISSION)

    @admin.action(description="Publish selected statements", permissions=["publish"])
    def publish_selected(self, request, queryset):
        return publication.publish_selected(self, request, queryset)

    @admin.action(description="Unpublish selected statements", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        return publication.unpublish_selected(self, request, queryset)


class GuardedEditsMixin:
    """An edit refused at save time (someone saved first) becomes a message, not an error page.

    A save with its inlines refreshes what the commitments show once, as it ends (derived)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with tracking.deferred():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except edits.EditConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with tracking.deferred():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except edits.EditConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def _stamp_review(form, mention, user):
    # Who decided, and when: set whenever an editor creates a mention or changes its review.
    if mention.review == Mention.Review.PENDING:
        return
    if not mention.pk or "review" in form.changed_data:
        mention.reviewed_by = user
        mention.reviewed_at = timezone.now()


def save_mention_formset(request, formset):
    """Save an inline of mentions with the reviewer stamped and the user in history."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj._history_user = request.user
        obj.delete()
    changed = {id(obj) for obj in instances}
    for inline_form in formset.forms:
        obj = inline_form.instance
        if id(obj) in changed:
            _stamp_review(inline_form, obj, request.user)
            obj._history_user = request.user
            obj.save()
    formset.save_m2m()


class MentionInline(admin.TabularInline):
    model = Mention
    form = MentionForm
    extra = 0
    fields = [
        "clause",
        "commitment",
        "stage",
        "origin",
        "review",
        "score",
        "span_start",
        "span_end",
        "loaded_version",
    ]
    readonly_fields = ["origin", "score"]
    autocomplete_fields = ["clause", "commitment"]


@admin.register(Clause)
class ClauseAdmin(GuardedEditsMixin, admin.ModelAdmin):
    list_display = ["__str__", "short_text", "carries_commitment", "paragraph"]
    list_filter = [
        "carries_commitment",
        "proposal_dismissed",
        "statement__language",
        "statement__meeting__series",
    ]
    search_fields = ["text", "statement__title"]
    autocomplete_fields = ["statement", "aligned_to"]
    readonly_fields = ["statement", "position", "paragraph", "text", "start", "end"]
    list_select_related = ["statement"]
    inlines = [MentionInline]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:140] + ("…" if len(obj.text) > 140 else "")

    def save_formset(self, request, form, formset, change):
        if formset.model is Mention:
            return save_mention_formset(request, formset)
        return super().save_formset(request, form, formset, change)


class CommitmentAliasInline(admin.TabularInline):
    model = CommitmentAlias
    extra = 1


@admin.register(Commitment)
class CommitmentAdmin(GuardedEditsMixin, SimpleHistoryAdmin):
    form = CommitmentForm
    list_display = [
        "title",
        "furthest_stage",
        "latest_stage",
        "first_date",
        "last_date",
        "meeting_count",
    ]
    list_filter = [
        "furthest_stage",
        "latest_stage",
        "topics",
        "actors__kind",
        "last_meeting__series",
    ]
    search_fields = ["title", "summary", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "actors"]
    readonly_fields = [
        "furthest_stage",
        "latest_stage",
        "first_meeting",
        "last_meeting",
        "meeting_count",
        "mention_count",
    ]
    inlines = [CommitmentAliasInline, MentionInline]
    list_select_related = True
    actions = ["merge_selected"]

    def get_urls(self):
        merge_view = self.admin_site.admin_view(partial(review_queue.merge_view, model_admin=self))
        merged_view = self.admin_site.admin_view(
            partial(review_queue.merged_view, model_admin=self)
        )
        return [
            path("<int:source_id>/merge/", merge_view, name="commitments_commitment_merge"),
            path("merged/", merged_view, name="commitments_commitment_merged"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        # Read the address from the database: a revert form's initial data is the old version's.
        old_slug = Commitment.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        super().save_model(request, obj, form, change)
        if change:
            addresses.record_slug_change(obj, old_slug)

    def save_formset(self, request, form, formset, change):
        if formset.model is Mention:
            return save_mention_formset(request, formset)
        return super().save_formset(request, form, formset, change)

    @admin.action(description="Merge selected commitments…", permissions=["change"])
    def merge_selected(self, request, queryset):
        commitments = list(queryset.order_by("title"))
        if len(commitments) < 2:
            self.message_user(request, "Select at least two commitments to merge.", messages.ERROR)
            return None
        target = None
        if "target" in request.POST:
            target_id = review_queue._int(request.POST.get("target"))
            target = next((c for c in commitments if c.pk == target_id), None)
            if target is None:
                self.message_user(request, "Choose the commitment to keep.", messages.ERROR)
            elif request.POST.get("confirm") == "yes":
                sources = [c for c in commitments if c.pk != target.pk]
                with tracking.deferred():
                    reports = [
                        (c.slug, merge.merge_commitments(c, target, request.user)) for c in sources
                    ]
                for old_slug, report in reports:
                    self.message_user(request, review_queue.merge_message(old_slug, target, report))
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge commitments",
            "commitments": commitments,
            "target": target,
            "preview": review_queue.merge_preview([c for c in commitments if c != target], target)
            if target
            else None,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/commitments/review/merge_action.html", context)


@admin.register(CommitmentAlias)
class CommitmentAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "commitment"]
    search_fields = ["name", "commitment__title"]
    autocomplete_fields = ["commitment"]


@admin.register(CommitmentRedirect)
class CommitmentRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "commitment", "created_at"]
    search_fields = ["old_slug", "commitment__title"]
    autocomplete_fields = ["commitment"]


@admin.register(Mention)
class MentionAdmin(GuardedEditsMixin, SimpleHistoryAdmin):
    form = MentionForm
    list_display = ["commitment", "clause", "stage", "origin", "review", "score", "meeting"]
    list_filter = ["review", "origin", "stage", "meeting__series", "meeting"]
    search_fields = ["commitment__title", "clause__text"]
    autocomplete_fields = ["clause", "commitment"]
    readonly_fields = ["meeting", "origin", "score", "reviewed_by", "reviewed_at", "version"]
    list_select_related = ["commitment", "clause__statement", "meeting"]
    actions = ["accept_selected", "reject_selected"]

    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(partial(func, model_admin=self))

        return [
            path("review/", view(review_queue.review_queue), name="commitments_mention_review"),
            path(
                "review/<int:mention_id>/accept-with/",
                view(review_queue.accept_with_view),
                name="commitments_mention_accept_with",
            ),
            path(
                "review/clause/<int:clause_id>/",
                view(review_queue.proposal_view),
                name="commitments_mention_proposal",
            ),
            path("review/act/", view(in_place.act_view), name="commitments_mention_act"),
            path(
                "review/choices/", view(in_place.choices_view), name="commitments_mention_choices"
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "review_url": review_queue.queue_link()}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        _stamp_review(form, obj, request.user)
        super().save_model(request, obj, form, change)

    def _review_selected(self, request, queryset, service, verb):
        done, skipped, refused = 0, 0, []
        with tracking.deferred():  # one refresh for the whole selection
            for mention in queryset.select_related("commitment"):
                if mention.review != Mention.Review.PENDING:
                    skipped += 1
                    continue
                try:
                    service(mention, request.user, version=mention.version)
                except edits.EditError as error:
                    refused.append(f"“{mention.commitment}” (suggestion {mention.pk}): {error}")
                    continue
                done += 1
        self.message_user(request, f"{verb} {done} suggestion(s).")
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected mention(s) were already reviewed and were left as they were.",
                messages.WARNING,
            )
        for message in refused:
            self.message_user(request, f"Left unchanged: {message}", messages.WARNING)

    @admin.action(description="Accept selected suggestions", permissions=["change"])
    def accept_selected(self, request, queryset):
        self._review_selected(request, queryset, review.accept_mention, "Accepted")

    @admin.action(description="Reject selected suggestions", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._review_selected(request, queryset, review.reject_mention, "Rejected")


admin.site.register(SynonymGroup, synonyms.SynonymGroupAdmin)

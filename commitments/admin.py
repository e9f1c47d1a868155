"""The editors' home: every model with search, filters and autocomplete; history on what editors tag."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Actor,
    ActorAlias,
    Clause,
    Commitment,
    CommitmentAlias,
    CommitmentRedirect,
    Meeting,
    MeetingSeries,
    Mention,
    Participation,
    Statement,
    Topic,
)

admin.site.site_header = "Trilat editors"
admin.site.site_title = "Trilat"
admin.site.index_title = "Statements, commitments and their mentions"


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "short_name", "title", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "title", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [ActorAliasInline]


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "actor"]
    search_fields = ["name", "actor__name"]
    list_filter = ["actor__kind"]
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


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "meeting",
        "kind",
        "language",
        "published_on",
        "publisher",
        "translation_of",
    ]
    list_filter = ["kind", "language", "meeting__series", "publisher"]
    search_fields = ["title", "publisher", "source_url", "meeting__title", "content_hash"]
    autocomplete_fields = ["meeting", "translation_of", "parties"]
    readonly_fields = ["content_hash", "raw_text", "ingested_at", "ingested_by", "source_name"]
    inlines = [ClauseInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
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
                    "source_url",
                    "published_on",
                    "source_name",
                    "content_hash",
                    "ingested_at",
                    "ingested_by",
                ]
            },
        ),
        ("Text", {"classes": ["collapse"], "fields": ["body", "raw_text"]}),
    ]


class MentionInline(admin.TabularInline):
    model = Mention
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
    ]
    readonly_fields = ["origin", "score"]
    autocomplete_fields = ["clause", "commitment"]


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "short_text", "carries_commitment", "paragraph"]
    list_filter = ["carries_commitment", "statement__language", "statement__meeting__series"]
    search_fields = ["text", "statement__title"]
    autocomplete_fields = ["statement", "aligned_to"]
    readonly_fields = ["statement", "position", "paragraph", "text", "start", "end"]
    list_select_related = ["statement"]
    inlines = [MentionInline]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:140] + ("…" if len(obj.text) > 140 else "")


class CommitmentAliasInline(admin.TabularInline):
    model = CommitmentAlias
    extra = 1


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "current_stage", "first_date", "last_date", "meeting_count"]
    list_filter = ["current_stage", "topics", "actors__kind", "last_meeting__series"]
    search_fields = ["title", "summary", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "actors"]
    readonly_fields = [
        "current_stage",
        "first_meeting",
        "last_meeting",
        "meeting_count",
        "mention_count",
    ]
    inlines = [CommitmentAliasInline, MentionInline]
    list_select_related = True


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
class MentionAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "clause", "stage", "origin", "review", "score", "meeting"]
    list_filter = ["review", "origin", "stage", "meeting__series", "meeting"]
    search_fields = ["commitment__title", "clause__text"]
    autocomplete_fields = ["clause", "commitment"]
    readonly_fields = ["meeting", "origin", "score", "reviewed_by", "reviewed_at", "version"]
    list_select_related = ["commitment", "clause__statement", "meeting"]

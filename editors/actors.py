"""The actors' admin helpers: merging selected actors after a confirmation."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse

from commitments.services import actors, edits


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def merge_preview(sources, target):
    """What merging `sources` into `target` would move, per source (one query per count)."""
    counted = {
        actor.pk: actor
        for actor in type(target)
        .objects.filter(pk__in=[source.pk for source in sources])
        .annotate(
            n_participations=Count("participations", distinct=True),
            n_commitments=Count("commitments", distinct=True),
            n_statements=Count("statements", distinct=True),
            n_people=Count("people", distinct=True),
            n_aliases=Count("aliases", distinct=True),
        )
    }
    return {"target": target, "rows": [counted[source.pk] for source in sources]}


def merge_selected(model_admin, request, queryset):
    """The admin action: choose the actor to keep, see what moves, confirm; then merge."""
    chosen = list(queryset.select_related("country").order_by("name"))
    if len(chosen) < 2:
        model_admin.message_user(request, "Select at least two actors to merge.", messages.ERROR)
        return None
    target = None
    if "target" in request.POST:
        target = next((a for a in chosen if a.pk == _int(request.POST.get("target"))), None)
        if target is None:
            model_admin.message_user(request, "Choose the actor to keep.", messages.ERROR)
        elif request.POST.get("confirm") == "yes":
            return _merge(model_admin, request, [a for a in chosen if a != target], target)
    kinds = {actor.kind for actor in chosen}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Merge actors",
        "actors": chosen,
        "target": target,
        "mixed_kinds": len(kinds) > 1,
        "preview": merge_preview([a for a in chosen if a != target], target) if target else None,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/commitments/actor/merge.html", context)


def _merge(model_admin, request, sources, target):
    try:
        reports = [
            (source, actors.merge_actors(source, target, request.user)) for source in sources
        ]
    except edits.EditError as error:
        model_admin.message_user(request, f"{error} Nothing was changed.", messages.ERROR)
        return None
    for source, report in reports:
        model_admin.message_user(
            request,
            f"Merged “{source.name}” into “{target.name}”: {report['participations']} "
            f"participation(s), {report['commitments']} commitment(s), {report['statements']} "
            f"statement(s) as a party, {report['people']} person(s) of the country and "
            f"{report['aliases']} alias(es) moved; /actors/{source.slug}/ now redirects to "
            f"/actors/{target.slug}/.",
        )
    return None

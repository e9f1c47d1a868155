"""Publishing and unpublishing statements from the admin: the list's actions and the statement
page's buttons, each with a confirmation that says how many suggestions still await review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from commitments.models import Mention, Statement
from commitments.services import publication

PERMISSION = "commitments.publish_statement"


def with_pending(statements):
    """The statements annotated with `pending`: their suggestions awaiting review."""
    return statements.annotate(
        pending=Count(
            "clauses__mentions", filter=Q(clauses__mentions__review=Mention.Review.PENDING)
        )
    )


def publish_selected(model_admin, request, queryset):
    """The list action: publish the selected drafts, after a confirmation where suggestions are
    still pending (how many, statement by statement)."""
    statements = list(with_pending(queryset).order_by("meeting__start_date", "id"))
    drafts = [s for s in statements if not s.is_published]
    pending = sum(s.pending for s in drafts)
    if pending and request.POST.get("confirm") != "yes":
        return _confirmation(request, model_admin, drafts, pending, action="publish_selected")
    _apply(request, model_admin, drafts, publication.publish, allow_pending=True)
    return None


def unpublish_selected(model_admin, request, queryset):
    """The list action: make the selected statements drafts again."""
    statements = list(queryset.filter(published_at__isnull=False))
    _apply(request, model_admin, statements, publication.unpublish)


def _apply(request, model_admin, statements, service, **options):
    if not statements:
        model_admin.message_user(request, "Nothing to change.", messages.WARNING)
        return
    for statement in statements:
        outcome = service(statement, request.user, **options)
        model_admin.message_user(request, outcome.message, messages.SUCCESS)


def _confirmation(request, model_admin, statements, pending, action):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Publish with suggestions awaiting review?",
        "statements": statements,
        "pending": pending,
        "action": action,
        "action_checkbox_name": "_selected_action",
    }
    return TemplateResponse(request, "admin/commitments/statement/publish_confirm.html", context)


def publication_view(request, object_id, model_admin, publish=True):
    """The statement page's Publish / Unpublish button: a confirmation (GET), then the change
    (POST), back to the statement."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    statement = get_object_or_404(with_pending(Statement.objects.all()), pk=object_id)
    back = reverse("admin:commitments_statement_change", args=[statement.pk])
    if request.method == "POST":
        try:
            if publish:
                outcome = publication.publish(statement, request.user, allow_pending=True)
            else:
                outcome = publication.unpublish(statement, request.user)
        except publication.PublicationError as error:
            model_admin.message_user(request, str(error), messages.ERROR)
        else:
            model_admin.message_user(request, outcome.message, messages.SUCCESS)
        return HttpResponseRedirect(back)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Statement._meta,
        "title": f"{'Publish' if publish else 'Unpublish'} “{statement}”?",
        "statement": statement,
        "publish": publish,
        "back": back,
    }
    return TemplateResponse(request, "admin/commitments/statement/publication.html", context)

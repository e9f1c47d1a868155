"""The review queue: editors accept, reject or correct suggested mentions and new-commitment proposals.

Admin views (hooked into MentionAdmin.get_urls and CommitmentAdmin.get_urls), plain forms posted with
CSRF, no JavaScript needed. Writes go through commitments/services (review.py, merge.py).
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from commitments import tracking
from commitments.models import Clause, Commitment, Mention, Stage, Statement, Topic
from commitments.services import edits, merge, review
from editors import in_place
from editors.blocks import clause_blocks
from editors.forms import AcceptWithForm, ProposalForm, QueueFilterForm

MENTIONS_PER_PAGE = 100
CLAUSES_PER_PAGE = 40
PROPOSALS_PER_PAGE = 50
CHOICES_LIMIT = 200


def _require(request, *perms):
    if not all(request.user.has_perm(f"commitments.{perm}") for perm in perms):
        raise PermissionDenied


def _queue_url(query=""):
    url = reverse("admin:commitments_mention_review")
    return f"{url}?{query}" if query else url


def _back(request):
    """Where to return after a POST: the queue with the filters the editor had."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(_queue_url())


def open_proposals():
    """Clauses that carry a commitment but have no accepted or pending mention."""
    live = Mention.objects.filter(clause=OuterRef("pk")).exclude(review=Mention.Review.REJECTED)
    return Clause.objects.filter(carries_commitment=True).exclude(Exists(live))


def statements_to_review():
    """Statements with pending suggestions or open proposals, each with both counts.

    Three queries whose cost follows the pending suggestions and flagged clauses, not the corpus.
    """
    pending = dict(
        Mention.objects.filter(review=Mention.Review.PENDING)
        .values_list("clause__statement")
        .annotate(n=Count("id"))
        .order_by()
    )
    proposals = dict(
        open_proposals()
        .filter(proposal_dismissed=False)
        .values_list("statement")
        .annotate(n=Count("id"))
        .order_by()
    )
    statements = list(
        Statement.objects.filter(id__in=set(pending) | set(proposals))
        .select_related("meeting")
        .order_by("-meeting__start_date", "title")
    )
    for statement in statements:
        statement.pending = pending.get(statement.pk, 0)
        statement.proposals = proposals.get(statement.pk, 0)
    return statements


def _filtered(filters):
    """(the clauses with a pending suggestion that matches the filters, how many suggestions
    match, the open proposals), in reading order, latest meetings first."""
    data = filters.cleaned_data if filters.is_bound else {}
    mentions = Mention.objects.filter(review=Mention.Review.PENDING)
    proposals = open_proposals().select_related("statement")
    if data.get("statement"):
        mentions = mentions.filter(clause__statement=data["statement"])
        proposals = proposals.filter(statement=data["statement"])
    if data.get("min_score") is not None:
        mentions = mentions.filter(score__gte=data["min_score"])
    if data.get("max_score") is not None:
        mentions = mentions.filter(score__lte=data["max_score"])
    if data.get("stage"):
        mentions = mentions.filter(stage=data["stage"])
        proposals = proposals.filter(proposed_stage=data["stage"])
    if not data.get("dismissed"):
        proposals = proposals.filter(proposal_dismissed=False)
    clauses = (
        Clause.objects.filter(Exists(mentions.filter(clause=OuterRef("pk"))))
        .select_related("statement")
        .order_by("-statement__meeting__start_date", "statement_id", "position")
    )
    proposals = proposals.order_by("-statement__meeting__start_date", "statement_id", "position")
    return clauses, mentions, proposals


def review_queue(request, model_admin):
    """GET: the pending suggestions, grouped under their clause, and the open proposals, filtered.
    POST: accept or reject the ticked suggestions."""
    in_place.require_tagging(request)
    if request.method == "POST":
        return _review_post(request)
    statements = statements_to_review()
    filters = QueueFilterForm(request.GET or None, statements=statements)
    if filters.is_bound and not filters.is_valid():
        # cleaned_data keeps the valid fields: the queue applies those and shows the errors.
        messages.error(request, "Some filters were not understood; they are ignored until fixed.")
    clauses, mentions, proposals = _filtered(filters)
    clause_page = Paginator(clauses, CLAUSES_PER_PAGE).get_page(request.GET.get("page"))
    proposal_page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("ppage"))
    blocks = clause_blocks(clause_page.object_list)
    query = request.GET.copy()
    for key in ["page", "ppage", "done"]:
        query.pop(key, None)
    here = _without_done(request)
    context = {
        **model_admin.admin_site.each_context(request),
        **in_place.block_context(request, "queue"),
        "here": here,
        "opts": Mention._meta,
        "title": "Review suggestions",
        "filters": filters,
        "statements": statements,
        "clause_page": clause_page,
        "blocks": blocks,
        "pending_count": mentions.count(),
        "proposal_page": proposal_page,
        "stages": Stage.choices,
        "topics": Topic.objects.order_by("name"),
        "query": query.urlencode(),
        "status": in_place.status_from(request.GET.get("done", ""), blocks, "queue"),
        "can_create": request.user.has_perm("commitments.add_commitment"),
    }
    return TemplateResponse(request, "admin/commitments/review/queue.html", context)


def _without_done(request):
    """This page's address without the status line's token (where forms come back to)."""
    query = request.GET.copy()
    query.pop("done", None)
    return _queue_url(query.urlencode())


def _parse_action(request):
    """('accept'|'reject', [mention ids]) from the button pressed; EditError on bad input."""
    action, _, target = request.POST.get("do", "").partition("-")
    if action not in {"accept", "reject"}:
        raise edits.EditError("Choose accept or reject.")
    if target == "selected":
        raw_ids = request.POST.getlist("mention")
        if not raw_ids:
            raise edits.EditError("Tick at least one suggestion first.")
    else:
        raw_ids = [target]
    try:
        ids = [int(raw) for raw in raw_ids]
    except ValueError:
        raise edits.EditError("A suggestion reference was not understood.") from None
    return action, ids


def _row_values(request, mention_id):
    """The version and the stage an editor's row carried; EditError on bad input."""
    try:
        version = int(request.POST.get(f"version-{mention_id}", ""))
    except ValueError:
        raise edits.EditError("The form is missing a version; reload the page.") from None
    stage = request.POST.get(f"stage-{mention_id}", "")
    if stage and stage not in Stage.values:
        raise edits.EditError(f"“{stage}” is not a stage.")
    return version, stage


def _review_post(request):
    try:
        action, ids = _parse_action(request)
        rows = {m_id: _row_values(request, m_id) for m_id in ids}
    except edits.EditError as error:
        messages.error(request, f"{error} Nothing was changed.")
        return _back(request)
    mentions = Mention.objects.select_related("commitment").in_bulk(ids)
    done, refused = 0, []
    with tracking.deferred():  # one refresh for the whole decision
        for mention_id in ids:
            mention = mentions.get(mention_id)
            if mention is None:
                refused.append(str(edits.mention_conflict(mention_id)))
                continue
            version, stage = rows[mention_id]
            try:
                if action == "accept":
                    review.accept_mention(mention, request.user, version=version, stage=stage)
                else:
                    review.reject_mention(mention, request.user, version=version)
            except edits.EditError as error:
                refused.append(f"“{mention.commitment}” (suggestion {mention.pk}): {error}")
                continue
            done += 1
    verb = "Accepted" if action == "accept" else "Rejected"
    if done:
        messages.success(request, f"{verb} {done} suggestion{'s' if done != 1 else ''}.")
    for message in refused:
        messages.warning(request, f"Left unchanged: {message}")
    return _back(request)


def accept_with_view(request, model_admin, mention_id):
    """Accept a suggestion with another commitment (chosen from a searchable list) or stage."""
    _require(request, "change_mention")
    mention = get_object_or_404(
        Mention.objects.select_related("clause__statement", "commitment"), pk=mention_id
    )
    search = request.GET.get("q", "").strip()
    commitments = _commitment_choices(mention, search)
    if request.method == "POST":
        form = AcceptWithForm(request.POST, commitments=Commitment.objects.all())
        if form.is_valid():
            try:
                chosen = review.accept_with(
                    mention,
                    request.user,
                    commitment=form.cleaned_data["commitment"],
                    stage=form.cleaned_data["stage"],
                    version=form.cleaned_data["version"],
                )
            except edits.EditError as error:
                messages.error(request, f"{error}")
                return _back(request)
            messages.success(
                request,
                f"Linked {mention.clause} to “{chosen.commitment}” ({chosen.get_stage_display()}).",
            )
            return _back(request)
    else:
        form = AcceptWithForm(
            initial={
                "commitment": mention.commitment_id,
                "stage": mention.stage,
                "version": mention.version,
            },
            commitments=commitments,
        )
    siblings = (
        Mention.objects.filter(clause_id=mention.clause_id)
        .exclude(pk=mention.pk)
        .select_related("commitment")
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Mention._meta,
        "title": "Accept with another commitment or stage",
        "mention": mention,
        "form": form,
        "search": search,
        "siblings": siblings,
        "shown": len(commitments),
        "limit": CHOICES_LIMIT,
        "next": request.GET.get("next") or request.POST.get("next") or _queue_url(),
    }
    return TemplateResponse(request, "admin/commitments/review/accept_with.html", context)


def _commitment_choices(mention, search):
    """The commitments offered: the clause's other suggestions first, then by title (searchable)."""
    base = Commitment.objects.order_by("title")
    if search:
        base = base.filter(
            Q(title__icontains=search) | Q(aliases__name__icontains=search) | Q(slug=search)
        ).distinct()
    ids = list(base.values_list("id", flat=True)[:CHOICES_LIMIT])
    ids += list(
        Mention.objects.filter(clause_id=mention.clause_id).values_list("commitment_id", flat=True)
    )
    return Commitment.objects.filter(id__in=set(ids)).order_by("title")


@require_POST
def proposal_view(request, model_admin, clause_id):
    """Create a commitment from a clause's proposal, dismiss the proposal, or restore it."""
    clause = get_object_or_404(Clause.objects.select_related("statement"), pk=clause_id)
    action = request.POST.get("do", "")
    try:
        if action == "create":
            _require(request, "add_commitment", "add_mention")
            form = ProposalForm(request.POST)
            if not form.is_valid():
                errors = "; ".join(
                    " ".join(errs) if field == "__all__" else f"{field}: {' '.join(errs)}"
                    for field, errs in form.errors.items()
                )
                typed = request.POST.get("title", "").strip()
                kept = f" You typed: “{typed}”." if typed else ""
                raise edits.EditError(f"The new commitment was not created ({errors}).{kept}")
            commitment = review.create_commitment_from_clause(
                clause,
                request.user,
                title=form.cleaned_data["title"],
                stage=form.cleaned_data["stage"],
                topics=form.cleaned_data["topics"],
            )
            link = reverse("admin:commitments_commitment_change", args=[commitment.pk])
            messages.success(
                request,
                f"Created “{commitment}” at /commitments/{commitment.slug}/ from {clause}; "
                f"add its summary, topics and actors on {link}",
            )
        elif action == "dismiss":
            _require(request, "change_mention")
            review.dismiss_proposal(clause, request.user)
            messages.success(request, f"Dismissed the proposal of {clause}.")
        elif action == "restore":
            _require(request, "change_mention")
            review.restore_proposal(clause, request.user)
            messages.success(request, f"Restored the proposal of {clause} to the queue.")
        else:
            raise edits.EditError("Choose create, dismiss or restore.")
    except edits.EditError as error:
        messages.error(request, f"{error}")
    return _back(request)


def merge_view(request, model_admin, source_id):
    """Merge one commitment into another chosen from a searchable list, after a confirmation."""
    _require(request, "change_commitment")
    source = get_object_or_404(Commitment, pk=source_id)
    search = request.GET.get("q", "").strip()
    candidates = Commitment.objects.exclude(pk=source.pk).order_by("title")
    if search:
        candidates = candidates.filter(
            Q(title__icontains=search) | Q(aliases__name__icontains=search) | Q(slug=search)
        ).distinct()
    target = None
    if request.method == "POST":
        target = Commitment.objects.exclude(pk=source.pk).filter(
            pk=_int(request.POST.get("target"))
        )
        target = target.first()
        if target is None:
            messages.error(request, "Choose the commitment to merge into. Nothing was changed.")
        elif request.POST.get("confirm") == "yes":
            return merge_and_report(request, source, target)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Commitment._meta,
        "title": f"Merge “{source}” into another commitment",
        "source": source,
        "candidates": candidates[:CHOICES_LIMIT],
        "limit": CHOICES_LIMIT,
        "search": search,
        "target": target,
        "preview": merge_preview([source], target) if target else None,
    }
    return TemplateResponse(request, "admin/commitments/review/merge.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def merge_preview(sources, target):
    """What a merge would move, per source, for the confirmation page."""
    target_clauses = set(target.mentions.values_list("clause_id", flat=True))
    rows = []
    for source in sources:
        clause_ids = list(source.mentions.values_list("clause_id", flat=True))
        rows.append(
            {
                "source": source,
                "mentions": len(clause_ids),
                "shared": len(target_clauses.intersection(clause_ids)),
                "aliases": source.aliases.count(),
            }
        )
    return {"target": target, "rows": rows}


def merge_and_report(request, source, target):
    """Run one merge and say what happened; returns the redirect to the target's admin page."""
    old_slug = source.slug
    try:
        report = merge.merge_commitments(source, target, request.user)
    except edits.EditError as error:
        messages.error(request, f"{error} Nothing was changed.")
        return HttpResponseRedirect(
            reverse("admin:commitments_commitment_change", args=[source.pk])
        )
    messages.success(request, merge_message(old_slug, target, report))
    return HttpResponseRedirect(reverse("admin:commitments_commitment_change", args=[target.pk]))


def merge_message(old_slug, target, report):
    return (
        f"Merged {old_slug} into “{target}”: {report['moved']} mention(s) moved, "
        f"{report['folded']} folded into the target's mention of the same clause, "
        f"{report['aliases']} alias(es) added; /commitments/{old_slug}/ now redirects here. "
        "“Merged commitments” on the commitment list undoes it."
    )


def merged_view(request, model_admin):
    """The commitments merged away, latest first, each restorable (the merge undone)."""
    _require(request, "change_commitment", "add_commitment")
    here = reverse("admin:commitments_commitment_merged")
    if request.method == "POST":
        try:
            commitment, notes = merge.undo_merge(_int(request.POST.get("record")), request.user)
        except edits.EditError as error:
            messages.error(request, f"{error} Nothing was changed.")
        else:
            messages.success(
                request,
                f"Restored “{commitment}” at /commitments/{commitment.slug}/ with its mentions "
                "and aliases.",
            )
            for note in notes:
                messages.warning(request, note)
        return HttpResponseRedirect(here)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Commitment._meta,
        "title": "Commitments merged away",
        "records": merge.merged_away()[:MENTIONS_PER_PAGE],
    }
    return TemplateResponse(request, "admin/commitments/review/merged.html", context)


def queue_link(statement=None):
    """The queue URL, optionally filtered to one statement (for links from other admin pages)."""
    if statement is None:
        return _queue_url()
    return _queue_url(urlencode({"statement": statement.pk}))


@admin.display(description="clauses")
def review_link(statement):
    """A Statement changelist column: the statement's tagging desk and its review queue."""
    return format_html(
        '<a href="{}">tag</a> · <a href="{}">review</a>',
        reverse("admin:commitments_statement_tag", args=[statement.pk]),
        queue_link(statement),
    )

"""The tagging desk, /admin/commitments/statement/<id>/tag/: a statement's clauses in reading order,
each with its accepted and pending mentions beside it.

To tag, an editor selects words in a clause (static/js/desk.js turns the selection into offsets
into the clause text and asks for the tagging panel), picks a commitment or creates one, picks a
stage and saves. Without JavaScript, "Tag words of this clause" opens the same panel with a field
for the words. Accept, reject, stage and commitment changes go through editors/in_place.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django_htmx.http import reswap, retarget

from commitments.models import Clause, Commitment, Stage, Statement, Topic
from commitments.services import edits, review
from commitments.suggest import propose_stage, propose_title, rank_commitments
from editors.blocks import clause_blocks
from editors.forms import TagForm
from editors.in_place import (
    Outcome,
    answer,
    block_context,
    matching_commitments,
    require_tagging,
    status_from,
)

DESK_TEMPLATE = "admin/commitments/desk/desk.html"
BEST_MATCHES = 6

KEYS = [
    ("j", "next clause"),
    ("k", "previous clause"),
    ("a", "accept the suggestion in focus (else the clause's first)"),
    ("r", "reject the suggestion in focus (else the clause's first)"),
    ("Esc", "close the tagging panel"),
]


def desk_url(statement):
    return reverse("admin:commitments_statement_tag", args=[statement.pk])


def desk_view(request, model_admin, object_id):
    """GET: the desk (`?clause=<position>` opens the tagging panel there, for use without
    JavaScript). POST: tag words of a clause, or find commitments for the panel."""
    require_tagging(request)
    statement = get_object_or_404(
        Statement.objects.select_related("meeting", "translation_of"), pk=object_id
    )
    if request.method == "POST":
        return _tag(request, model_admin, statement)
    panel = None
    position = request.GET.get("clause", "")
    if position.isdigit():
        clause = statement.clauses.filter(position=int(position)).first()
        if clause is not None:
            panel = panel_context(clause, form=TagForm(initial=initial_for(clause, None)))
    return render_desk(request, model_admin, statement, panel)


def render_desk(request, model_admin, statement, panel=None, status=200):
    blocks = clause_blocks(statement.clauses.order_by("position"))
    here = desk_url(statement)
    context = {
        **model_admin.admin_site.each_context(request),
        **block_context(request, "desk"),
        "here": here,
        "opts": Statement._meta,
        "title": f"Tag: {statement.title}",
        "statement": statement,
        "blocks": blocks,
        "panel": panel,
        "panel_url": reverse("admin:commitments_statement_tag_panel", args=[statement.pk]),
        "status": status_from(request.GET.get("done", ""), blocks, "desk"),
        "keys": KEYS,
        "pending": sum(len(b.pending) for b in blocks),
        "can_publish": request.user.has_perm("commitments.publish_statement"),
    }
    return TemplateResponse(request, DESK_TEMPLATE, context, status=status)


def initial_for(clause, span):
    """The panel's first values: the words, the stage the clause gives them, a title from them."""
    words = clause.text[span[0] : span[1]] if span else ""
    return {
        "clause": clause.pk,
        "span_start": span[0] if span else None,
        "span_end": span[1] if span else None,
        "words": words,
        "stage": propose_stage(clause.text, span),
        "title": title_from_words(words) if words else propose_title(clause.text),
    }


def title_from_words(words):
    """A new commitment's title from the words an editor selected: as written, capitalised."""
    title = " ".join(words.split()).strip(" ,.;:")
    return title[:1].upper() + title[1:]


def panel_context(clause, form, search=""):
    """What the tagging panel shows: the form, best matches for the words, or search results."""
    words = form["words"].value() or ""
    chosen = form["commitment"].value() or ""
    if search:
        choices = matching_commitments(search)
    elif words.strip():
        ranked = rank_commitments(words)
        by_id = Commitment.objects.in_bulk([cid for cid, _ in ranked[:BEST_MATCHES]])
        choices = [by_id[cid] for cid, _ in ranked[:BEST_MATCHES] if cid in by_id]
    else:
        choices = []
    if chosen.isdigit() and int(chosen) not in {c.pk for c in choices}:
        # The commitment the editor picked stays on offer whatever they searched for since.
        choices = [*Commitment.objects.filter(pk=int(chosen)), *choices]
    return {
        "clause": clause,
        "action": reverse("admin:commitments_statement_tag", args=[clause.statement_id]),
        "choices_url": reverse("admin:commitments_mention_choices"),
        "form": form,
        "choices": choices,
        "search": search,
        "searched": bool(search),
        "topics": Topic.objects.order_by("name"),
        "chosen_topics": {str(value) for value in form["topics"].value() or []},
        "has_span": form["span_start"].value() not in (None, ""),
    }


def panel_view(request, model_admin, object_id):
    """GET ?clause=<id>&start=&end=: the tagging panel for the words an editor selected (htmx)."""
    require_tagging(request)
    clause = get_object_or_404(
        Clause.objects.select_related("statement"),
        pk=_number(request.GET.get("clause")),
        statement_id=object_id,
    )
    try:
        span = review.clause_span(
            clause, (_number(request.GET.get("start")), _number(request.GET.get("end")))
        )
    except (edits.EditError, TypeError):
        span = None
    span = span if span and span[0] is not None else None
    form = TagForm(initial=initial_for(clause, span))
    context = {"panel": panel_context(clause, form), "js": True}
    return TemplateResponse(request, f"{DESK_TEMPLATE}#panel", context)


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _tag(request, model_admin, statement):
    form = TagForm(request.POST)
    clause = statement.clauses.filter(pk=_number(request.POST.get("clause"))).first()
    if clause is None:
        raise Http404("No such clause in this statement.")
    if request.POST.get("do") == "find" or not form.is_valid():
        search = request.POST.get("q", "").strip()
        return _panel_again(request, model_admin, statement, clause, form, search)
    data = form.cleaned_data
    try:
        span = resolve_span(clause, data["span_start"], data["span_end"], data["words"])
        steps = []
        quoted = f"“{clause.text[span[0] : span[1]]}”" if span else "the whole clause"
        stage = Stage(data["stage"]).label
        if data["commitment"] == "new":
            if not request.user.has_perm("commitments.add_commitment"):
                raise PermissionDenied
            commitment = review.create_commitment_from_clause(
                clause,
                request.user,
                title=data["title"],
                stage=data["stage"],
                topics=data["topics"],
                span=span,
                only_if_unlinked=False,
                undo=steps,
            )
            message = (
                f"Created “{commitment}”: clause {clause.position}, {quoted}, {stage}. "
                "Add its summary and actors on its admin page."
            )
        else:
            commitment = Commitment.objects.filter(pk=data["commitment"]).first()
            if commitment is None:
                raise edits.EditError("That commitment no longer exists (merged or deleted).")
            review.tag_clause(clause, request.user, commitment, data["stage"], span, undo=steps)
            message = (
                f"Tagged clause {clause.position}: {quoted} speaks of “{commitment}”, {stage}."
            )
    except edits.EditError as error:
        form.add_error(None, str(error))
        search = request.POST.get("q", "").strip()
        return _panel_again(request, model_admin, statement, clause, form, search)
    return answer(request, Outcome(clause.pk, message, steps), "desk", back=desk_url(statement))


def _panel_again(request, model_admin, statement, clause, form, search=""):
    """The panel as the editor left it (their words, choice, title and topics kept), with what
    they searched for or what was refused; the page around it without JavaScript."""
    panel = panel_context(clause, form, search)
    status = 400 if form.is_bound and form.errors else 200
    if request.htmx:
        context = {"panel": panel, "js": True}
        response = TemplateResponse(request, f"{DESK_TEMPLATE}#panel", context, status=status)
        return reswap(retarget(response, "#tag-panel"), "outerHTML")
    for error in form.non_field_errors() if form.is_bound else ():
        # Without JavaScript the page opens at its top: say it there too.
        messages.error(
            request, f"{error} The panel of clause {clause.position} keeps your choices."
        )
    return render_desk(request, model_admin, statement, panel, status=status)


def resolve_span(clause, start, end, words):
    """The span of the words: the offsets the page computed (checked against the words), or,
    typed without JavaScript, the words' one occurrence in the clause; None for no words."""
    words = (words or "").strip()
    if start is not None and end is not None:
        start, end = review.clause_span(clause, (start, end))
        if words and " ".join(clause.text[start:end].split()) != " ".join(words.split()):
            raise edits.EditError(
                f"The words chosen are not at that place of clause {clause.position} "
                "(was the page out of date?); select them again."
            )
        return start, end
    if not words:
        return None
    found = clause.text.find(words)
    if found < 0:
        raise edits.EditError(
            f"“{words}” is not in clause {clause.position}; copy the words as they stand."
        )
    if clause.text.find(words, found + 1) >= 0:
        raise edits.EditError(
            f"“{words}” occurs more than once in clause {clause.position}; add a word or two."
        )
    return found, found + len(words)

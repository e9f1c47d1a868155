"""Actions on a clause's mentions that happen in place, on the tagging desk and in the review queue:
accept, reject, change the stage, change the commitment, and undo the last of them.

One endpoint serves both pages. With htmx, the answer is the clause's block drawn afresh plus the
status line (out of band): a message naming what changed, with an Undo button. Without
JavaScript, the forms post the same fields and the answer redirects back to the page, which shows
the same status line from the signed `done` parameter.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from commitments.models import Clause, Commitment, Mention, Stage
from commitments.services import edits, review, undo
from editors.blocks import clause_block

UNDO_SALT = "editors.undo"
UNDO_MAX_AGE = 12 * 3600  # an Undo left on screen overnight no longer works
CHOICES_LIMIT = 20
BLOCK_TEMPLATE = "admin/commitments/desk/clause.html"


def require_tagging(request):
    """Editors and Ingestors (and superusers) tag; anyone else is refused."""
    user = request.user
    if not (
        user.has_perm("commitments.change_mention") and user.has_perm("commitments.add_mention")
    ):
        raise PermissionDenied


@dataclass
class Outcome:
    """What an action did: the clause it touched, the words that say so, how to take it back."""

    clause_id: int
    message: str
    steps: list = field(default_factory=list)
    error: bool = False

    def token(self):
        if not self.steps:
            return ""
        data = {"steps": self.steps, "what": self.message, "clause": self.clause_id}
        return signing.dumps(data, salt=UNDO_SALT, compress=True)


def _load(token):
    try:
        return signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        return None


def status_from(token, blocks=(), flavor="desk"):
    """The status line a page shows for a `done` token of its address (None if not valid); its
    Undo works in place when the clause is among the page's `blocks`."""
    data = _load(token)
    if data is None:
        return None
    found = next((b for b in blocks if b.clause.pk == data["clause"]), None)
    return {
        "message": data["what"],
        "token": token,
        "clause_id": data["clause"],
        "target": block_dom_id(found, flavor) if found else "",
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise edits.EditError("The form was not understood; reload the page.") from None


def _maybe_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _stage_label(value):
    return Stage(value).label if value in Stage.values else value


@require_POST
def act_view(request, model_admin):
    """POST: accept, reject, stage, commitment or undo, for one mention; see the module docstring."""
    require_tagging(request)
    flavor = "queue" if request.POST.get("view") == "queue" else "desk"
    clause_id = None
    try:
        if request.POST.get("do") == "undo":
            outcome = _undo(request)
        else:
            mention = get_object_or_404(
                Mention.objects.select_related("commitment", "clause"),
                pk=_int(request.POST.get("mention")),
            )
            clause_id = mention.clause_id
            outcome = _act(request, mention)
    except edits.EditError as error:
        if clause_id is None:
            clause_id = _maybe_int(request.POST.get("clause"))
        outcome = Outcome(clause_id, f"{error} Nothing was changed.", error=True)
    return answer(request, outcome, flavor)


def _act(request, mention):
    do = request.POST.get("do", "")
    user, steps = request.user, []
    version = _int(request.POST.get("version"))
    stage = request.POST.get("stage", "") or mention.stage
    position = mention.clause.position
    was = mention.commitment
    if do == "accept":
        review.accept_mention(mention, user, version=version, stage=stage, undo=steps)
        message = f"Accepted: clause {position} speaks of “{was}”, {_stage_label(stage)}."
    elif do == "reject":
        review.reject_mention(mention, user, version=version, undo=steps)
        message = f"Rejected: clause {position} does not speak of “{was}”."
    elif do == "stage":
        old = mention.get_stage_display()
        review.change_stage(mention, user, stage, version=version, undo=steps)
        message = f"Clause {position}: “{was}” is now {_stage_label(stage)} (was {old})."
    elif do == "commitment":
        chosen = Commitment.objects.filter(pk=_int(request.POST.get("commitment"))).first()
        if chosen is None:
            raise edits.EditError("Choose the commitment the clause speaks of.")
        if chosen.pk == mention.commitment_id:
            raise edits.EditError(f"The suggestion is already “{chosen}”; accept it instead.")
        review.accept_with(
            mention, user, commitment=chosen, stage=stage, version=version, undo=steps
        )
        message = (
            f"Clause {position} now speaks of “{chosen}”, {_stage_label(stage)} (accepted); "
            f"the suggestion “{was}” was rejected."
        )
    else:
        raise edits.EditError("Choose accept, reject, a stage or another commitment.")
    return Outcome(mention.clause_id, message, steps)


def _undo(request):
    data = _load(request.POST.get("token", ""))
    if data is None:
        raise edits.EditError("This Undo has expired or was altered; change the mention instead.")
    undo.undo(data["steps"], request.user, reason=f"undone: {data['what']}")
    return Outcome(data["clause"], f"Undone: {data['what']}")


def answer(request, outcome, flavor, back=None):
    """The clause's block and the status line (htmx), or a redirect back to the page (`next`,
    else `back`, else the review queue)."""
    if request.htmx:
        block = clause_block(outcome.clause_id) if outcome.clause_id else None
        context = {
            **block_context(request, flavor),
            "block": block,
            "status": {
                "message": outcome.message,
                "token": outcome.token(),
                "error": outcome.error,
                "clause_id": outcome.clause_id,
                "target": block_dom_id(block, flavor) if block else "",
            },
            "oob": True,
        }
        return TemplateResponse(request, f"{BLOCK_TEMPLATE}#answer", context)
    where = {"anchor": outcome.clause_id, "flavor": flavor, "back": back}
    if outcome.error:
        messages.error(request, outcome.message)
        return HttpResponseRedirect(back_to(request, **where))
    if outcome.steps:
        return HttpResponseRedirect(back_to(request, done=outcome.token(), **where))
    return HttpResponseRedirect(back_to(request, note=outcome.message, **where))


def back_to(request, done="", anchor=None, flavor="desk", note="", back=None):
    """The page the form came from (`next`), with the status line's token and the clause anchor."""
    target = request.POST.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = back or reverse("admin:commitments_mention_review")
    path, _, query = target.partition("?")
    pairs = [p for p in query.split("&") if p and not p.startswith("done=")]
    if done:
        pairs.append(urlencode({"done": done}))
    elif note:
        messages.success(request, note)
    url = f"{path}?{'&'.join(pairs)}" if pairs else path
    if anchor:
        url += f"#{block_id(anchor, flavor)}"
    return url


def block_dom_id(block, flavor):
    """The id of a ClauseBlock's element on a page of that flavor."""
    return block.anchor if flavor == "desk" else f"queue-clause-{block.clause.pk}"


def block_id(clause_id, flavor):
    """The id of a clause's block on the page (the desk addresses clauses by their position)."""
    if flavor == "desk":
        position = Clause.objects.filter(pk=clause_id).values_list("position", flat=True)
        return f"clause-{position.first()}"
    return f"queue-clause-{clause_id}"


def block_context(request, flavor):
    """What every clause block needs besides its data."""
    return {
        "flavor": flavor,
        "stages": Stage.choices,
        "act_url": reverse("admin:commitments_mention_act"),
        "choices_url": reverse("admin:commitments_mention_choices"),
        "here": request.POST.get("next") or request.get_full_path(),
    }


def matching_commitments(search, limit=CHOICES_LIMIT):
    """Commitments whose title, alias or address contains `search`, by title."""
    search = " ".join(search.split())
    if len(search) < 2:
        return []
    found = (
        Commitment.objects.filter(
            Q(title__icontains=search) | Q(aliases__name__icontains=search) | Q(slug=search)
        )
        .distinct()
        .order_by("title")
        .prefetch_related("aliases")[:limit]
    )
    lowered = search.lower()
    commitments = list(found)
    for commitment in commitments:
        commitment.matched_alias = next(
            (a.name for a in commitment.aliases.all() if lowered in a.name.lower()), ""
        )
        if lowered in commitment.title.lower():
            commitment.matched_alias = ""
    return commitments


def choices_view(request, model_admin):
    """GET ?q=&prefix=: the commitments matching what the editor types (search as you type)."""
    require_tagging(request)
    search = request.GET.get("q", "")
    context = {
        "commitments": matching_commitments(search),
        "search": search,
        "prefix": "".join(ch for ch in request.GET.get("prefix", "c") if ch.isalnum())[:20],
    }
    return TemplateResponse(request, f"{BLOCK_TEMPLATE}#choices", context)

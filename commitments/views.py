"""Public pages. Thin: parse input, call queries, render (full page, or a partial for htmx)."""

from django.shortcuts import get_object_or_404, redirect, render

from .models import Actor, Commitment, CommitmentRedirect, Meeting, Statement, Topic


def browser(request):
    commitments = Commitment.objects.select_related("last_meeting").order_by("-last_date", "title")
    return render(request, "commitments/browser.html", {"commitments": commitments})


def commitment_detail(request, slug):
    commitment = Commitment.objects.filter(slug=slug).first()
    if commitment is None:
        moved = get_object_or_404(
            CommitmentRedirect.objects.select_related("commitment"), old_slug=slug
        )
        return redirect(moved.commitment, permanent=True)
    return render(request, "commitments/commitment_detail.html", {"commitment": commitment})


def meeting_list(request):
    meetings = Meeting.objects.select_related("series").order_by("-start_date")
    return render(request, "commitments/meeting_list.html", {"meetings": meetings})


def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("series"), slug=slug)
    return render(request, "commitments/meeting_detail.html", {"meeting": meeting})


def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.select_related("meeting"), slug=slug)
    return render(request, "commitments/statement_detail.html", {"statement": statement})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    return render(request, "commitments/actor_detail.html", {"actor": actor})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return render(request, "commitments/topic_detail.html", {"topic": topic})

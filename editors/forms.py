"""Admin forms that refuse to overwrite a concurrent edit, and the review queue's forms."""

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from commitments.models import (
    ActorAlias,
    Commitment,
    Mention,
    Stage,
    Statement,
    Topic,
    normalize_alias,
)
from commitments.services import actors, addresses, edits


def _is_history_form(instance):
    # simple-history's revert form edits an instance rebuilt from a history row.
    return getattr(instance, "_history", None) is not None


def _exists(model, pk):
    return model.objects.filter(pk=pk).exists()


class LoadedStateField(forms.CharField):
    """A hidden record of the state the editor loaded: never a change by itself."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class MentionForm(forms.ModelForm):
    """Carries the version the editor loaded; saving from an older version is refused."""

    loaded_version = LoadedStateField()

    class Meta:
        model = Mention
        fields = ["clause", "commitment", "stage", "review", "span_start", "span_end", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and not self.is_bound:
            version = instance.version
            if _is_history_form(instance):
                current = Mention.objects.filter(pk=instance.pk).values_list("version", flat=True)
                version = current.first() or version
            self.fields["loaded_version"].initial = version

    def _writes(self):
        # A revert form's instance is the old version: saving it always changes the current one.
        return bool(self.instance.pk) and (self.has_changed() or _is_history_form(self.instance))

    def _recovers(self):
        # Reverting to a version of a deleted mention brings it back: there is nothing to overwrite.
        return _is_history_form(self.instance) and not _exists(Mention, self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if not self._writes() or self._recovers():
            return cleaned
        loaded = cleaned.get("loaded_version")
        current = Mention.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        if loaded != str(current.first()):
            raise forms.ValidationError(
                str(edits.mention_conflict(self.instance.pk)), code="conflict"
            )
        return cleaned

    def save(self, commit=True):
        if self._writes() and not self._recovers():
            # The check in clean() gives the message; this claim closes the race window.
            edits.claim_mention(self.instance, int(self.cleaned_data["loaded_version"]))
        return super().save(commit=commit)


def _commitment_conflict(pk):
    current = Commitment.objects.filter(pk=pk).first()
    if current is None:
        return edits.EditConflict("This commitment no longer exists (merged or deleted).")
    user, when = edits.last_change(current)
    return edits.EditConflict(
        f"{edits._who(user)} changed this commitment on {edits._when(when)} after you "
        f"opened it; it is now titled “{current.title}” at {current.get_absolute_url()}. Your change was not "
        "saved: reload to see their version, then decide again.",
        current=current,
        changed_by=user,
        changed_at=when,
    )


class CommitmentForm(forms.ModelForm):
    """Refuses a save over someone else's newer change; keeps slugs unique among old addresses."""

    loaded_updated_at = LoadedStateField()

    class Meta:
        model = Commitment
        fields = ["title", "slug", "summary", "topics", "actors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and not self.is_bound:
            stamp = instance.updated_at
            if _is_history_form(instance) or stamp is None:
                current = Commitment.objects.filter(pk=instance.pk)
                stamp = current.values_list("updated_at", flat=True).first()
            self.fields["loaded_updated_at"].initial = stamp.isoformat() if stamp else ""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        other = addresses.slug_taken_by_other(slug, self.instance.pk)
        if other is not None:
            raise forms.ValidationError(
                f"“{slug}” is already the address (or an earlier address) of “{other}”; "
                "choose another."
            )
        return slug

    def _loaded_stamp(self):
        return parse_datetime(self.cleaned_data.get("loaded_updated_at") or "")

    def _recovers(self):
        # Reverting to a version of a deleted commitment brings it back: nothing to overwrite.
        return _is_history_form(self.instance) and not _exists(Commitment, self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or self._recovers():
            return cleaned
        current = Commitment.objects.filter(pk=self.instance.pk)
        stamp = current.values_list("updated_at", flat=True).first()
        if self._loaded_stamp() is None or stamp != self._loaded_stamp():
            raise forms.ValidationError(str(_commitment_conflict(self.instance.pk)))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk and not self._recovers():
            claimed = Commitment.objects.filter(
                pk=self.instance.pk, updated_at=self._loaded_stamp()
            ).update(updated_at=timezone.now())
            if claimed != 1:
                raise _commitment_conflict(self.instance.pk)
        return super().save(commit=commit)


class QueueFilterForm(forms.Form):
    """The review queue's filters (GET): statement, score range, stage."""

    statement = forms.ModelChoiceField(queryset=Statement.objects.all(), required=False)
    min_score = forms.FloatField(min_value=0, max_value=1, required=False, label="score from")
    max_score = forms.FloatField(min_value=0, max_value=1, required=False, label="score to")
    stage = forms.ChoiceField(choices=[("", "any stage"), *Stage.choices], required=False)
    dismissed = forms.BooleanField(required=False, label="show dismissed proposals")

    def __init__(self, *args, statements=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the statements waiting for review (any statement still validates).
        offered = [(s.pk, f"{s.title} ({s.meeting.start_date:%Y-%m-%d})") for s in statements]
        chosen = self.data.get("statement") if self.is_bound else None
        if chosen and chosen not in {str(pk) for pk, _ in offered}:
            statement = Statement.objects.filter(pk=chosen if chosen.isdigit() else None).first()
            if statement:
                offered.append((statement.pk, statement.title))
        self.fields["statement"].widget.choices = [("", "any statement"), *offered]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_score"), cleaned.get("max_score")
        if low is not None and high is not None and low > high:
            self.add_error("max_score", "The upper bound of the score is below the lower bound.")
        return cleaned


class AcceptWithForm(forms.Form):
    """Accept a suggestion with another commitment and/or stage."""

    commitment = forms.ModelChoiceField(queryset=Commitment.objects.none())
    stage = forms.ChoiceField(choices=Stage.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments


TITLE_MAX_LENGTH = Commitment._meta.get_field("title").max_length


class ProposalForm(forms.Form):
    """Create a commitment from a clause's proposal, or dismiss (or restore) the proposal."""

    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    stage = forms.ChoiceField(choices=Stage.choices)
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one topic."},
    )


class TagForm(forms.Form):
    """The tagging panel: words of a clause, the commitment they speak of (or a new one), a stage.

    `span_start`/`span_end` are offsets into the clause text computed by the page from the
    selection; without JavaScript the editor types the words instead.
    """

    clause = forms.IntegerField(widget=forms.HiddenInput)
    span_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    words = forms.CharField(
        required=False,
        label="Words",
        help_text="The words of the clause that speak of the commitment (empty: the whole clause).",
    )
    commitment = forms.CharField(
        error_messages={"required": "Choose the commitment the words speak of, or a new one."}
    )
    title = forms.CharField(required=False, max_length=TITLE_MAX_LENGTH, label="Title")
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple
    )
    stage = forms.ChoiceField(choices=Stage.choices)

    def clean_commitment(self):
        value = self.cleaned_data["commitment"].strip()
        if value != "new" and not value.isdigit():
            raise forms.ValidationError("Choose the commitment the words speak of, or a new one.")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("commitment") == "new":
            if not " ".join((cleaned.get("title") or "").split()):
                self.add_error("title", "Give the new commitment a title.")
            if not cleaned.get("topics"):
                self.add_error("topics", "Choose at least one topic for the new commitment.")
        return cleaned


class ActorAliasForm(forms.ModelForm):
    """An alias is one actor's: a name another actor already answers to is refused, naming it."""

    class Meta:
        model = ActorAlias
        fields = ["actor", "name"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        key = normalize_alias(name)
        if not key:
            raise forms.ValidationError("An alias needs letters or digits.")
        taken = (
            ActorAlias.objects.filter(normalized=key)
            .exclude(pk=self.instance.pk)
            .select_related("actor")
            .first()
        )
        owner = self.cleaned_data.get("actor")
        owner_id = owner.pk if owner is not None else self.instance.actor_id
        if taken is not None and taken.actor_id != owner_id:
            raise forms.ValidationError(
                f"“{name}” already names “{taken.actor}” (as “{taken.name}”): merge the two "
                "actors if they are one, or leave this name out."
            )
        if taken is not None:
            raise forms.ValidationError(f"“{name}” is already an alias of this actor.")
        return name


class PartiesField(forms.ModelMultipleChoiceField):
    """A statement's parties: the countries that issue statements, ticked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault(
            "help_text",
            "The countries that issued the statement, not those it speaks of (the DPRK, Russia, "
            "Taiwan are never parties).",
        )
        super().__init__(queryset=actors.party_countries(), **kwargs)

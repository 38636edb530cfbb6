"""Changes of a statement's editorial status, with the rights they need, what
publishing requires, and the review workflow.

One path for every status change, whatever starts it (the admin form, the buttons
on a statement's admin page, the admin's actions, the statement import):
``apply_status`` checks the right and what the statement needs to go public, sets
``published_at`` by one rule and records who made the change. ``change_status`` does
the same and saves, for callers that change only the status; ``transition`` is the
review workflow's way in (submit, publish, send back with a note, withdraw).
Every change is logged with who, when and a note (``log_status_change``), and kept
as a version of the statement.

The workflow: a contributor writes a draft and submits it (in review); an editor
publishes it, or sends it back with a note saying what to change (sent back), after
which the author edits and submits again; an editor may withdraw a published one.
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import changes
from .choices import EditorialStatus

PUBLISH_PERMISSION = "statements.publish_statement"

# Statuses a reader can see, or could see again without an editor: entering or leaving
# them needs the publishing right, and only editors change statements in them.
EDITOR_ONLY_STATUSES = {EditorialStatus.PUBLISHED, EditorialStatus.WITHDRAWN}
# Sending back is an editor's verdict on a review: only editors give it, but the
# author may then edit the statement and submit it again.
EDITOR_SETS_STATUSES = EDITOR_ONLY_STATUSES | {EditorialStatus.SENT_BACK}
# Leaving "published" for one of these unpublishes: the next publication sets a new
# time. Withdrawing keeps the time it was public from, for the record.
UNPUBLISHED_STATUSES = {
    EditorialStatus.DRAFT,
    EditorialStatus.IN_REVIEW,
    EditorialStatus.SENT_BACK,
}
# What waits for someone in the review workflow.
WAITING_FOR_EDITOR = EditorialStatus.IN_REVIEW
WAITING_FOR_AUTHOR = EditorialStatus.SENT_BACK


class PublishingNotAllowed(PermissionDenied):
    pass


class NotPublishable(ValidationError):
    """The statement lacks what a public statement must have; ``message_dict`` says
    what, by field."""


def can_publish(user):
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


def can_edit(user, statement):
    """Contributors may change drafts and statements in review, never public ones."""
    if statement is None or statement.pk is None:
        return True
    return can_publish(user) or statement.status not in EDITOR_ONLY_STATUSES


def check_status_change(user, old_status, new_status):
    """Refuse a status change the user has no right to make, with a message for them."""
    if old_status == new_status or can_publish(user):
        return
    if new_status in EDITOR_SETS_STATUSES or old_status in EDITOR_ONLY_STATUSES:
        raise PublishingNotAllowed(
            f"Only editors can set a statement to “{EditorialStatus(new_status).label}”. "
            "Save it as a draft or submit it for review, and an editor will publish it."
        )


def note_problems(new_status, note, old_status=None):
    """What a status change lacks in its note, as ``{"note": message}``: sending
    back says what the author should change."""
    if (
        new_status == EditorialStatus.SENT_BACK
        and new_status != old_status
        and not (note or "").strip()
    ):
        return {
            "note": "Say what the author should change before sending the statement "
            "back: the note is all they will see of your review."
        }
    return {}


def publication_problems(source_url):
    """What stops a statement from being published, as ``{field: message}``. Every
    public statement links to its source (a database constraint holds it too)."""
    problems = {}
    if not (source_url or "").strip():
        problems["source_url"] = (
            "A published statement needs the address of its source: the agency's own "
            "release where there is one, else the report. Add it, or save the "
            "statement as a draft or for review."
        )
    return problems


def check_publishable(statement):
    problems = publication_problems(statement.source_url)
    if problems:
        raise NotPublishable(problems)


def published_at_for(old_status, new_status, published_at):
    """The rule for the publication time: publishing keeps the time asked for (a
    future one schedules) or takes now; unpublishing (back to draft or review)
    clears it, so the next publication sets a new one; withdrawing keeps it."""
    if new_status == EditorialStatus.PUBLISHED:
        return published_at or timezone.now()
    if new_status in UNPUBLISHED_STATUSES and old_status not in UNPUBLISHED_STATUSES:
        return None
    return published_at


def withdrawn_at_for(old_status, new_status, withdrawn_at):
    """When it was withdrawn: set on withdrawing, kept while withdrawn, cleared when
    it returns (its address then shows the statement again)."""
    if new_status != EditorialStatus.WITHDRAWN:
        return None
    if old_status != EditorialStatus.WITHDRAWN or withdrawn_at is None:
        return timezone.now()
    return withdrawn_at


def apply_status(statement, user, old_status, *, published_at=None):
    """Make ``statement.status`` (already set to the new status by a form or an
    import) a valid change from ``old_status`` for ``user``: check the right and what
    publishing needs, set ``published_at`` by the rule, record who. Does not save.

    ``published_at``: the publication time asked for (a future time schedules);
    publishing without one keeps the statement's own time or takes now."""
    new_status = statement.status
    check_status_change(user, old_status, new_status)
    if new_status == EditorialStatus.PUBLISHED:
        check_publishable(statement)
    statement.published_at = published_at_for(
        old_status, new_status, published_at or statement.published_at
    )
    statement.withdrawn_at = withdrawn_at_for(
        old_status, new_status, statement.withdrawn_at
    )
    stamp(statement, user)


def stamp(statement, user):
    """Record who created and who last changed the statement."""
    if statement.pk is None and statement.created_by_id is None:
        statement.created_by = user
    statement.updated_by = user


def change_status(statement, user, new_status, published_at=None, note=""):
    """Change the status and save it, with what follows (the agencies' stances, the
    log, a version of the statement)."""
    old_status = statement.status
    problems = note_problems(new_status, note, old_status)
    if problems:
        raise ValidationError(problems)
    statement.status = new_status
    try:
        apply_status(statement, user, old_status, published_at=published_at)
    except (PermissionDenied, ValidationError):
        statement.status = old_status
        raise
    with transaction.atomic(), reversion.create_revision():
        statement.save(
            update_fields=[
                "status",
                "published_at",
                "withdrawn_at",
                "updated_by",
                "updated_at",
            ]
        )
        changes.record_changed(statements=[statement])
        log_status_change(statement, user, old_status, note)
    return statement


def log_status_change(statement, user, old_status, note=""):
    """Log a saved status change, or a note in the review thread (same status), and
    say what happened in the statement's current version. Call it in the
    transaction that saved the statement; a save that changed neither status nor
    note logs nothing."""
    from .models import StatusChange

    note = (note or "").strip()
    if old_status == statement.status and not note:
        return None
    entry = StatusChange.objects.create(
        statement=statement,
        from_status=old_status,
        to_status=statement.status,
        note=note,
        changed_by=user if user and user.is_authenticated else None,
    )
    if reversion.is_active():
        reversion.set_user(entry.changed_by)
        reversion.set_comment(f"{entry}{': ' + note if note else ''}")
    return entry


@dataclass(frozen=True)
class Transition:
    """A step of the review workflow, offered as a button on the statement's page."""

    name: str
    label: str
    target: str
    sources: tuple
    editors_only: bool
    needs_note: bool = False


TRANSITIONS = (
    Transition(
        "submit",
        "Submit for review",
        EditorialStatus.IN_REVIEW,
        (EditorialStatus.DRAFT, EditorialStatus.SENT_BACK),
        editors_only=False,
    ),
    Transition(
        "publish",
        "Publish",
        EditorialStatus.PUBLISHED,
        (
            EditorialStatus.DRAFT,
            EditorialStatus.IN_REVIEW,
            EditorialStatus.SENT_BACK,
            EditorialStatus.WITHDRAWN,
        ),
        editors_only=True,
    ),
    Transition(
        "send_back",
        "Send back to the author",
        EditorialStatus.SENT_BACK,
        (EditorialStatus.IN_REVIEW,),
        editors_only=True,
        needs_note=True,
    ),
    Transition(
        "withdraw",
        "Withdraw",
        EditorialStatus.WITHDRAWN,
        (EditorialStatus.PUBLISHED,),
        editors_only=True,
    ),
)


def transitions_for(user, statement):
    """The steps ``user`` may take from the statement's status now."""
    return [
        step
        for step in TRANSITIONS
        if statement.status in step.sources
        and (can_publish(user) or not step.editors_only)
        and can_edit(user, statement)
    ]


def transition(statement, user, name, note=""):
    """Take the workflow step ``name`` (``submit``, ``publish``, ``send_back``,
    ``withdraw``) with an optional note (required to send back)."""
    step = next((t for t in TRANSITIONS if t.name == name), None)
    if step is None:
        raise ValidationError(f"“{name}” is not a step of the review workflow.")
    if step not in transitions_for(user, statement):
        if step.editors_only and not can_publish(user):
            raise PublishingNotAllowed(
                f"Only editors can {step.label.lower()}. Submit the statement for "
                "review, and an editor will decide."
            )
        raise ValidationError(
            f"A statement that is “{statement.get_status_display()}” cannot be "
            f"given “{step.label}”. Reload its page to see what it is now."
        )
    return change_status(statement, user, step.target, note=note)


def add_note(statement, user, note):
    """A note in the review thread that changes nothing else."""
    if not (note or "").strip():
        raise ValidationError({"note": "Write the note first, then add it."})
    with transaction.atomic():
        return log_status_change(statement, user, statement.status, note)


def publish(statement, user, published_at=None):
    return change_status(statement, user, EditorialStatus.PUBLISHED, published_at)


def unpublish(statement, user):
    return change_status(statement, user, EditorialStatus.DRAFT)


def withdraw(statement, user):
    return change_status(statement, user, EditorialStatus.WITHDRAWN)


def submit_for_review(statement, user):
    return change_status(statement, user, EditorialStatus.IN_REVIEW)

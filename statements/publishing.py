"""Changes of a statement's editorial status, with the rights they need and what
publishing requires.

One path for every status change, whatever starts it (the admin form, the admin's
actions, the statement import): ``apply_status`` checks the right and what the
statement needs to go public, sets ``published_at`` by one rule and records who made
the change. ``change_status`` does the same and saves, for callers that change only
the status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import changes
from .choices import EditorialStatus

PUBLISH_PERMISSION = "statements.publish_statement"

# Statuses a reader can see, or could see again without an editor: entering or leaving
# them needs the publishing right.
EDITOR_ONLY_STATUSES = {EditorialStatus.PUBLISHED, EditorialStatus.WITHDRAWN}
# Leaving "published" for one of these unpublishes: the next publication sets a new
# time. Withdrawing keeps the time it was public from, for the record.
UNPUBLISHED_STATUSES = {EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW}


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
    if new_status in EDITOR_ONLY_STATUSES or old_status in EDITOR_ONLY_STATUSES:
        raise PublishingNotAllowed(
            f"Only editors can set a statement to “{EditorialStatus(new_status).label}”. "
            "Save it as a draft or submit it for review, and an editor will publish it."
        )


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


def change_status(statement, user, new_status, published_at=None):
    """Change the status and save it, with what follows (the agencies' stances)."""
    old_status = statement.status
    statement.status = new_status
    try:
        apply_status(statement, user, old_status, published_at=published_at)
    except (PermissionDenied, ValidationError):
        statement.status = old_status
        raise
    with transaction.atomic():
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
    return statement


def publish(statement, user, published_at=None):
    return change_status(statement, user, EditorialStatus.PUBLISHED, published_at)


def unpublish(statement, user):
    return change_status(statement, user, EditorialStatus.DRAFT)


def withdraw(statement, user):
    return change_status(statement, user, EditorialStatus.WITHDRAWN)


def submit_for_review(statement, user):
    return change_status(statement, user, EditorialStatus.IN_REVIEW)

"""Changes of a statement's editorial status, with the rights they need.

Every path that changes status (the admin form, admin actions, importers) goes through
these functions, so the rule “only editors publish” is enforced on the server once.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .choices import EditorialStatus

PUBLISH_PERMISSION = "statements.publish_statement"

# Statuses a reader can see, or could see again without an editor: entering or leaving
# them needs the publishing right.
EDITOR_ONLY_STATUSES = {EditorialStatus.PUBLISHED, EditorialStatus.WITHDRAWN}


class PublishingNotAllowed(PermissionDenied):
    pass


def sees_unpublished(user):
    """Signed-in, active staff see drafts, reviews, withdrawn and scheduled statements
    (marked as such, never cached); everyone else sees ``published()`` only."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


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


def stamp(statement, user):
    """Fill the fields that follow from the status and from who is saving."""
    if statement.status == EditorialStatus.PUBLISHED and statement.published_at is None:
        statement.published_at = timezone.now()
    if statement.pk is None and statement.created_by_id is None:
        statement.created_by = user
    statement.updated_by = user


def change_status(statement, user, new_status, published_at=None):
    check_status_change(user, statement.status, new_status)
    statement.status = new_status
    if new_status == EditorialStatus.PUBLISHED:
        statement.published_at = (
            published_at or statement.published_at or timezone.now()
        )
    elif new_status == EditorialStatus.DRAFT:
        # Unpublishing: the next publication sets a new time.
        statement.published_at = None
    stamp(statement, user)
    with transaction.atomic():
        statement.save(
            update_fields=["status", "published_at", "updated_by", "updated_at"]
        )
    return statement


def publish(statement, user, published_at=None):
    return change_status(statement, user, EditorialStatus.PUBLISHED, published_at)


def unpublish(statement, user):
    return change_status(statement, user, EditorialStatus.DRAFT)


def withdraw(statement, user):
    return change_status(statement, user, EditorialStatus.WITHDRAWN)


def submit_for_review(statement, user):
    return change_status(statement, user, EditorialStatus.IN_REVIEW)

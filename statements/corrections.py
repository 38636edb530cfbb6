"""Public corrections: how one is added, and what readers are shown of them.

A correction belongs to a published statement and is published with it at once. It
marks the statement as updated (``updated_at``), which is what feeds (``updated``),
the sitemap (``lastmod``) and the API read. Corrections are never changed or deleted
(the admin grants neither, and the statement protects them); a later correction may
amend an earlier one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import changes
from .choices import EditorialStatus
from .models import Correction, Statement


def correction_problems(statement):
    """Why ``statement`` cannot take a correction now, as a message, or ``""``."""
    if statement.status != EditorialStatus.PUBLISHED:
        return (
            "Only a published statement takes a public correction. Edit a draft or "
            "a statement in review directly; a withdrawn one says so at its address."
        )
    return ""


def record(correction, user):
    """Save a new ``correction`` (its statement and text set) as ``user``'s, and
    mark its statement as updated, in one transaction."""
    problem = correction_problems(correction.statement)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        correction.created_by = user
        correction.save()
        touch(correction.statement)
    return correction


def add(statement, user, text, corrected_on=None):
    correction = Correction(statement=statement, text=text)
    if corrected_on:
        correction.corrected_on = corrected_on
    return record(correction, user)


def touch(statement):
    """The statement counts as updated now (feeds, sitemap, API), without changing
    who last edited it."""
    statement.updated_at = timezone.now()
    Statement.objects.filter(pk=statement.pk).update(updated_at=statement.updated_at)
    changes.record_changed(statements=[statement])


def published():
    """Corrections readers may see, newest first, with their statements."""
    return Correction.objects.published().select_related("statement__agency")

"""Public corrections to published statements. A correction is part of the record:
it is never deleted or rewritten; a later correction may correct an earlier one."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..querysets import CorrectionQuerySet
from .loading import ReadInBulk


def newsroom_today():
    # The newsroom's date (TIME_ZONE), not UTC's, which runs ahead in the evening.
    return timezone.localdate()


class Correction(ReadInBulk):
    statement = models.ForeignKey(
        "statements.Statement",
        # A corrected statement is withdrawn, not deleted: its corrections stay.
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    corrected_on = models.DateField(
        default=newsroom_today, help_text="The day the correction is published."
    )
    text = models.TextField(
        help_text="What was wrong and what is right, in the newsroom's words. Once "
        "saved it cannot be changed or deleted; to amend it, add another correction."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="corrections_made",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-corrected_on", "-id"]
        indexes = [
            models.Index(fields=["-corrected_on", "-id"], name="correction_newest_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""), name="correction_text_not_blank"
            )
        ]

    def __str__(self):
        return f"Correction of {self.corrected_on:%Y-%m-%d} to “{self.statement}”"

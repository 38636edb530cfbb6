"""The log of a statement's editorial status: every change (who, when, from what to
what) and every note of its review thread. Written by ``publishing`` only."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import EditorialStatus
from .statements import Statement


class StatusChange(models.Model):
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=EditorialStatus.choices)
    to_status = models.CharField(
        max_length=16,
        choices=EditorialStatus.choices,
        help_text="The same as from_status for a note that changes nothing.",
    )
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for an import run without --user.",
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = "status change or review note"

    def __str__(self):
        if self.from_status == self.to_status:
            return f"Note by {self.changed_by or 'an import'}"
        return (
            f"{self.get_from_status_display()} → {self.get_to_status_display()} "
            f"by {self.changed_by or 'an import'}"
        )

    @property
    def is_note_only(self):
        return self.from_status == self.to_status

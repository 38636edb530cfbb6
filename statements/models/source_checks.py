"""The last result of checking that a statement's source and archive links still
answer (``manage.py check_sources``, ``statements/source_checks.py``)."""

from django.db import models


class SourceCheck(models.Model):
    class Link(models.TextChoices):
        SOURCE = "source", "Source"
        ARCHIVE = "archive", "Archived copy"

    statement = models.ForeignKey(
        "statements.Statement", on_delete=models.CASCADE, related_name="source_checks"
    )
    link = models.CharField(max_length=8, choices=Link.choices)
    url = models.URLField(max_length=1000)
    checked_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField()
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["statement", "link"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "link"], name="source_check_one_per_link"
            )
        ]
        indexes = [models.Index(fields=["ok", "statement"])]

    def __str__(self):
        return f"{self.get_link_display()} of “{self.statement}”: {self.outcome}"

    @property
    def outcome(self):
        if self.ok:
            return f"reachable ({self.status_code})"
        if self.status_code:
            return f"broken ({self.status_code})"
        return f"broken ({self.error})"

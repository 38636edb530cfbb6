"""287(g) data from ICE's published lists: each list imported, the agreements it
shows and the requests still pending."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import (
    AgreementModel,
    AgreementStatus,
    ListKind,
    RequestStatus,
    in_choices,
)
from ..querysets import AgreementQuerySet
from .agencies import Agency


class ListSnapshot(models.Model):
    """One import of one ICE list file: which file, of what date, and what it held."""

    kind = models.CharField(max_length=16, choices=ListKind.choices)
    file_name = models.CharField(max_length=255)
    listed_on = models.DateField(
        help_text="The date ICE published this version of the list."
    )
    sha256 = models.CharField(max_length=64, unique=True)
    rows_read = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Which agreements this list had, so that two lists can be compared (what was
    # added, what is gone). Lists imported before this was kept have it filled in
    # when their file is imported again.
    agreements = models.ManyToManyField(
        "Agreement", blank=True, related_name="snapshots", editable=False
    )
    members_recorded = models.BooleanField(
        default=False,
        editable=False,
        help_text="Whether the agreements on this list are recorded (lists imported "
        "before that was kept have them after their file is imported again).",
    )

    class Meta:
        ordering = ["-listed_on", "-imported_at"]
        get_latest_by = "listed_on"
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", ListKind), name="snapshot_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} list of {self.listed_on:%Y-%m-%d} ({self.file_name})"


class IceRowValues(models.Model):
    """The values of a row exactly as ICE printed them, kept beside the cleaned fields."""

    ice_state = models.CharField("STATE (as printed)", max_length=60, blank=True)
    ice_agency_name = models.CharField(
        "LAW ENFORCEMENT AGENCY (as printed)", max_length=300, blank=True
    )
    ice_type = models.CharField("TYPE (as printed)", max_length=60, blank=True)
    ice_county = models.CharField("COUNTY (as printed)", max_length=120, blank=True)
    ice_support_type = models.CharField(
        "SUPPORT TYPE (as printed)", max_length=120, blank=True
    )
    first_listed_on = models.DateField(
        null=True, blank=True, help_text="Date of the earliest ICE list that had it."
    )
    last_listed_on = models.DateField(
        null=True, blank=True, help_text="Date of the latest ICE list that had it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Agreement(IceRowValues):
    """A signed 287(g) agreement. The agreement, not the agency, is the unit of 287(g)
    data: one agency often holds several, one per model, signed on different days."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="agreements"
    )
    model = models.CharField(max_length=32, choices=AgreementModel.choices)
    signed_on = models.DateField(
        null=True,
        blank=True,
        help_text="Empty when ICE's SIGNED value could not be read.",
    )
    signed_text = models.CharField(
        max_length=60, blank=True, help_text="SIGNED exactly as ICE printed it."
    )
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.LISTED
    )
    moa_url = models.URLField("MOA URL", max_length=2000, blank=True)
    addendum_url = models.URLField(max_length=2000, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "model", "signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("model", AgreementModel),
                name="agreement_model_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("status", AgreementStatus),
                name="agreement_status_valid",
            ),
            models.UniqueConstraint(
                fields=["agency", "model", "signed_on"],
                condition=Q(signed_on__isnull=False),
                name="agreement_unique_agency_model_signed_on",
            ),
            models.UniqueConstraint(
                fields=["agency", "model", "signed_text"],
                condition=Q(signed_on__isnull=True),
                name="agreement_unique_agency_model_unread_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "model"])]

    def __str__(self):
        signed = (
            self.signed_on.isoformat() if self.signed_on else self.signed_text or "?"
        )
        return f"{self.agency.name}: {self.get_model_display()} signed {signed}"


class AgreementRequest(IceRowValues):
    """A row of ICE's pending list: an agency that asked for an agreement not yet signed."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="agreement_requests"
    )
    model = models.CharField(max_length=32, choices=AgreementModel.choices)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )

    class Meta:
        ordering = ["agency__name", "model"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("model", AgreementModel),
                name="request_model_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("status", RequestStatus),
                name="request_status_valid",
            ),
            models.UniqueConstraint(
                fields=["agency", "model"], name="request_unique_agency_model"
            ),
        ]

    def __str__(self):
        return f"{self.agency.name}: {self.get_model_display()} (requested)"

"""Agencies and associations that speak, and the other names they are known by."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import (
    STATE_CHOICES,
    US_STATES,
    AgencyKind,
    InquiryOutcome,
    JurisdictionLevel,
    MandateView,
    Stance,
    WordsAndDeeds,
    in_choices,
)
from ..querysets import AgencyQuerySet
from ..site_url import path_for
from .loading import ReadInBulk


class Agency(ReadInBulk):
    name = models.CharField(
        max_length=255,
        help_text="Full official name, as the agency writes it (e.g. "
        "“International Association of Chiefs of Police”).",
    )
    short_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="Common abbreviation shown in lists (e.g. IACP).",
    )
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="Part of the agency's public address. If you change it, the old "
        "address keeps working and redirects here.",
    )
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    jurisdiction_level = models.CharField(
        max_length=16,
        choices=JurisdictionLevel.choices,
        default=JurisdictionLevel.OTHER,
    )
    state = models.CharField(
        max_length=2,
        blank=True,
        choices=STATE_CHOICES,
        help_text="Leave blank for national bodies.",
    )
    county = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=120, blank=True)
    website = models.URLField(blank=True, help_text="The agency's own home page.")
    notes = models.TextField(
        blank=True, help_text="Internal notes; never shown to readers."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The words-and-deeds rule's result (stances.py), stored when its inputs change
    # (changes.record_changed) so that no page computes it per request.
    current_stance = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        choices=Stance.choices,
        help_text="Its stance on taking part, from its latest public statement that "
        "takes a side on 287(g) or mandates. Computed; never typed in.",
    )
    current_mandate_view = models.CharField(
        max_length=24, blank=True, editable=False, choices=MandateView.choices
    )
    stance_statement = models.ForeignKey(
        "Statement",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The public statement that gives its current stance.",
    )
    words_and_deeds = models.CharField(
        max_length=32, blank=True, editable=False, choices=WordsAndDeeds.choices
    )
    stance_due_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a scheduled statement of this agency goes public, and its "
        "stance must be computed again.",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", AgencyKind), name="agency_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("jurisdiction_level", JurisdictionLevel),
                name="agency_jurisdiction_level_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("state", US_STATES.keys(), allow_blank=True),
                name="agency_state_valid",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="agency_slug_not_blank"),
        ]
        indexes = [
            models.Index(fields=["state", "kind"]),
            models.Index(fields=["words_and_deeds"], name="agency_words_and_deeds_idx"),
            models.Index(fields=["current_stance"], name="agency_current_stance_idx"),
            models.Index(fields=["stance_due_at"], name="agency_stance_due_idx"),
        ]

    def __str__(self):
        if self.state:
            return f"{self.name} ({self.state})"
        return self.name

    def get_absolute_url(self):
        return path_for("statements:agency-detail", self.slug)

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def county_name(self):
        """The county as readers write it: ICE's county cells already say "Alachua
        County" or "Beauregard Parish", others just "Alachua"."""
        county = " ".join(self.county.split())
        if not county:
            return ""
        if county.lower().endswith(COUNTY_WORDS):
            return county
        return f"{county} County"


# Endings that already name the kind of county (Louisiana's parishes, Alaska's
# boroughs and census areas, Virginia's independent cities).
COUNTY_WORDS = (" county", " parish", " borough", " census area", " city")


class AgencyRedirect(models.Model):
    """A former address of an agency: the address of a duplicate merged into it, or
    its own address before an editor changed it. Old links redirect (301) here."""

    slug = models.SlugField(max_length=255, unique=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return f"/agencies/{self.slug}/ → {self.agency}"


class AgencyAlias(models.Model):
    """Another name an agency is known by: a spelling in ICE's lists, or the name of a
    duplicate that an editor merged into it. Imports match on these too."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255, help_text="The other name, as written.")
    normalized_name = models.CharField(
        max_length=255,
        editable=False,
        help_text="The name reduced for matching (lower case, no punctuation).",
    )
    state = models.CharField(max_length=2, blank=True, choices=STATE_CHOICES)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agency aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "state"],
                name="agency_alias_unique_per_state",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from ..normalize import normalize_agency_name

        self.normalized_name = normalize_agency_name(self.name)
        super().save(*args, **kwargs)


class Inquiry(models.Model):
    """The newsroom asked an agency for its position, or searched for one, on a
    date, and got or found no statement. Coverage counts these apart from agencies
    we have not yet tried; the agency's page says so."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="inquiries"
    )
    outcome = models.CharField(max_length=24, choices=InquiryOutcome.choices)
    made_on = models.DateField("date", help_text="The day we asked or searched.")
    note = models.TextField(
        blank=True,
        help_text="Internal: whom we asked, where we searched. Never shown to readers.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name_plural = "inquiries"
        constraints = [
            models.CheckConstraint(
                condition=in_choices("outcome", InquiryOutcome),
                name="inquiry_outcome_valid",
            ),
        ]
        indexes = [models.Index(fields=["agency", "-made_on"])]

    def __str__(self):
        return f"{self.agency}: {self.get_outcome_display()} ({self.made_on})"

"""Agencies and associations that speak, and the other names they are known by."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..choices import (
    STATE_CHOICES,
    US_STATES,
    AgencyKind,
    JurisdictionLevel,
    in_choices,
)
from ..querysets import AgencyQuerySet


class Agency(models.Model):
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
        help_text="Part of the agency's public address; "
        "changing it breaks links others have made.",
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
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self):
        if self.state:
            return f"{self.name} ({self.state})"
        return self.name

    def get_absolute_url(self):
        return reverse("statements:agency-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name


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

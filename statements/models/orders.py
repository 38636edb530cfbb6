"""The orders and laws that statements speak about, with their lineage."""

from django.db import models
from django.db.models import Q

from ..choices import US_STATES, OrderKind, OrderStatus, in_choices
from ..site_url import path_for
from .loading import ReadInBulk


class Order(ReadInBulk):
    kind = models.CharField(max_length=32, choices=OrderKind.choices)
    number = models.CharField(
        max_length=40,
        blank=True,
        help_text="The order's number without prefix (13768 for EO 13768; SB 8 for a bill).",
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Part of the public address, e.g. eo-13768 for an executive order.",
    )
    jurisdiction = models.CharField(
        max_length=2,
        default="US",
        help_text="US for federal orders, or the two-letter code of the state.",
    )
    signed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Date of publication in the Federal Register or "
        "the state's official journal.",
    )
    citation = models.CharField(
        max_length=60,
        blank=True,
        help_text="Federal Register citation, e.g. 82 FR 8799.",
    )
    document_number = models.CharField(
        max_length=40,
        blank=True,
        help_text="Federal Register document number, e.g. 2017-02102.",
    )
    url = models.URLField(blank=True, help_text="Address of the official text.")
    summary = models.TextField(
        blank=True, help_text="What the order does, in the newsroom's own words."
    )
    status = models.CharField(
        max_length=24, choices=OrderStatus.choices, default=OrderStatus.IN_EFFECT
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="The order that revoked or replaced this one.",
    )
    ended_on = models.DateField(
        null=True, blank=True, help_text="Date this order stopped being in effect."
    )
    effective_on = models.DateField(
        null=True,
        blank=True,
        help_text="Date it took effect, where that differs from the signing (state laws).",
    )
    status_note = models.TextField(
        blank=True,
        help_text="What our sources say about its status, in their terms "
        "(not a legal judgment).",
    )
    sources = models.TextField(
        blank=True, help_text="Where each fact about the order came from."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-signed_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", OrderKind), name="order_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("status", OrderStatus), name="order_status_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("jurisdiction", ["US", *US_STATES.keys()]),
                name="order_jurisdiction_valid",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="order_slug_not_blank"),
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")),
                name="order_not_replaced_by_itself",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return path_for("statements:order-detail", self.slug)

    @property
    def label(self):
        """The short name readers know the order by (EO 13768, Texas SB 8)."""
        if self.kind == OrderKind.EXECUTIVE_ORDER and self.number:
            return f"EO {self.number}"
        if self.kind == OrderKind.PROCLAMATION and self.number:
            return f"Proclamation {self.number}"
        if self.jurisdiction != "US" and self.number:
            return (
                f"{US_STATES.get(self.jurisdiction, self.jurisdiction)} {self.number}"
            )
        return self.number or self.title

    def names(self):
        """Every name a file may call it by, in lower case and single-spaced: its
        slug, label and number, EO 13768 as eo13768 or "executive order 13768", and
        a state law with its state's code in front (TX SB 8 (2025, 89R))."""
        names = {self.slug, self.label, self.number}
        if self.kind == OrderKind.EXECUTIVE_ORDER and self.number:
            names |= {f"eo{self.number}", f"executive order {self.number}"}
        if self.jurisdiction != "US" and self.number:
            names.add(f"{self.jurisdiction} {self.number}")
        return {" ".join(name.lower().split()) for name in names if name}

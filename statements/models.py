"""What the tracker records: agencies, the orders they speak about, their statements
with one or more positions each, and their 287(g) agreements from ICE's lists."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .choices import (
    STATE_CHOICES,
    US_STATES,
    AgencyKind,
    AgreementModel,
    AgreementStatus,
    DatePrecision,
    EditorialStatus,
    JurisdictionLevel,
    ListKind,
    MandateView,
    OrderKind,
    OrderStatus,
    RequestStatus,
    Stance,
    StatementKind,
    Topic,
)
from .querysets import (
    AgencyQuerySet,
    AgreementQuerySet,
    PositionQuerySet,
    StatementQuerySet,
)


def in_choices(field, choices, allow_blank=False):
    """A CheckConstraint condition: the field holds one of the vocabulary's values."""
    values = list(choices.values) if hasattr(choices, "values") else list(choices)
    if allow_blank:
        values.append("")
    return Q(**{f"{field}__in": values})


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
        from .normalize import normalize_agency_name

        self.normalized_name = normalize_agency_name(self.name)
        super().save(*args, **kwargs)


class Order(models.Model):
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
        return reverse("statements:order-detail", kwargs={"slug": self.slug})

    @property
    def label(self):
        """The short name readers know the order by (EO 13768, Texas SB 8)."""
        if self.kind == OrderKind.EXECUTIVE_ORDER and self.number:
            return f"EO {self.number}"
        if self.jurisdiction != "US" and self.number:
            return (
                f"{US_STATES.get(self.jurisdiction, self.jurisdiction)} {self.number}"
            )
        return self.number or self.title


class Statement(models.Model):
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The agency or association that issued the statement.",
    )
    co_issuers = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="co_issued_statements",
        help_text="Other agencies that signed or issued the same statement.",
    )
    speaker_name = models.CharField(max_length=200, blank=True)
    speaker_title = models.CharField(max_length=200, blank=True)
    headline = models.CharField(
        max_length=300, help_text="A neutral headline in the newsroom's words."
    )
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="Part of the statement's public address; keep it once published.",
    )
    kind = models.CharField(
        max_length=24,
        choices=StatementKind.choices,
        default=StatementKind.PRESS_RELEASE,
    )
    issued_on = models.DateField(
        help_text="The day the agency said it. If only the month or year is known, enter "
        "the first day and set the precision."
    )
    issued_on_precision = models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is known; pages show only that much.",
    )
    summary = models.TextField(
        help_text="A neutral summary in the newsroom's own words, with at most one short "
        "quoted phrase."
    )
    text = models.TextField(
        blank=True,
        help_text="The statement's text or an excerpt, as the agency published it.",
    )
    source_name = models.CharField(
        max_length=200, blank=True, help_text="Where it was published (e.g. Police1)."
    )
    source_url = models.URLField(
        max_length=1000,
        blank=True,
        help_text="Address of the agency's own release where there is one, else the report.",
    )
    archived_url = models.URLField(
        max_length=1000,
        blank=True,
        help_text="A copy in a web archive, in case the source moves or disappears.",
    )
    status = models.CharField(
        max_length=16,
        choices=EditorialStatus.choices,
        default=EditorialStatus.DRAFT,
        help_text="Only editors can publish or withdraw. Readers see a statement only when "
        "it is published and its publication time has come.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When readers may first see it. Set automatically on publishing; a time "
        "in the future schedules publication.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="statements_created",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="statements_updated",
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        permissions = [
            ("publish_statement", "Can publish, unpublish and withdraw statements"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("status", EditorialStatus),
                name="statement_status_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("kind", StatementKind), name="statement_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("issued_on_precision", DatePrecision),
                name="statement_precision_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=EditorialStatus.PUBLISHED)
                | Q(published_at__isnull=False),
                name="statement_published_has_published_at",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="statement_slug_not_blank"
            ),
            models.CheckConstraint(
                condition=~Q(headline=""), name="statement_headline_not_blank"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["-issued_on", "-id"], name="statement_newest_idx"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("statements:statement-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status == EditorialStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def issued_on_display(self):
        """The issue date written with only as much as is known."""
        if self.issued_on_precision == DatePrecision.YEAR:
            return self.issued_on.strftime("%Y")
        if self.issued_on_precision == DatePrecision.MONTH:
            return self.issued_on.strftime("%B %Y")
        return f"{self.issued_on:%B} {self.issued_on.day}, {self.issued_on:%Y}"


class Position(models.Model):
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="positions"
    )
    order = models.ForeignKey(
        Order,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text="The order this position is about; leave empty for a general position.",
    )
    topic = models.CharField(
        max_length=32, choices=Topic.choices, default=Topic.AGREEMENTS_287G
    )
    stance = models.CharField(max_length=32, choices=Stance.choices)
    mandate_view = models.CharField(
        max_length=24,
        choices=MandateView.choices,
        default=MandateView.NOT_ADDRESSED,
        help_text="Whether the statement says agencies should be required to take part.",
    )
    quote = models.TextField(
        blank=True,
        help_text="A short phrase from the statement that carries the position.",
    )
    note = models.TextField(
        blank=True, help_text="Why the position was coded this way."
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("topic", Topic), name="position_topic_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("stance", Stance), name="position_stance_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("mandate_view", MandateView),
                name="position_mandate_view_valid",
            ),
        ]
        indexes = [models.Index(fields=["order", "stance"])]

    def __str__(self):
        about = self.order.label if self.order_id else self.get_topic_display()
        return f"{self.get_stance_display()} on {about}"


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

"""Statements, each with one or more positions on an order or topic."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import (
    DatePrecision,
    EditorialStatus,
    MandateView,
    Stance,
    StatementKind,
    Topic,
    in_choices,
)
from ..querysets import PositionQuerySet, StatementManager
from ..site_url import path_for
from .agencies import Agency
from .loading import ReadInBulk
from .orders import Order


class Statement(ReadInBulk):
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
        help_text="Address of the agency's own release where there is one, else the "
        "report. Needed to publish: every public statement links to its source.",
    )
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="What readers' searches look in besides the headline: summary, text, "
        "speaker, agencies, quotes. Kept up to date automatically (search.py).",
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
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was withdrawn; its address then tells readers so.",
    )
    withdrawal_note = models.TextField(
        blank=True,
        help_text="Shown to readers at the address of a withdrawn statement: why it "
        "was withdrawn.",
    )
    verified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor last checked it against its source.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="statements_verified",
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

    objects = StatementManager()

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
                condition=~Q(status=EditorialStatus.PUBLISHED) | ~Q(source_url=""),
                name="statement_published_has_source",
                violation_error_message="A published statement needs the address of "
                "its source.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="statement_slug_not_blank"
            ),
            models.CheckConstraint(
                condition=~Q(headline=""), name="statement_headline_not_blank"
            ),
        ]
        indexes = [
            # No index leads with status: with a few drafts in the table, SQLite
            # took one for the public list and sorted every published row (1.2 s at
            # 100,000 statements instead of 1 ms). Unpublished work has its own,
            # which the public list cannot use.
            models.Index(
                fields=["status", "-updated_at"],
                condition=~Q(status=EditorialStatus.PUBLISHED),
                name="statement_unpublished_idx",
            ),
            models.Index(fields=["-issued_on", "-id"], name="statement_newest_idx"),
            # The public list, newest first: walked in order, no sort of every row.
            # It holds published_at, so that a walk testing each statement (is it
            # due? does it match the filters?, see querysets.narrowed_to_ids) reads
            # only the rows it shows.
            models.Index(
                fields=["-issued_on", "-id", "published_at"],
                condition=Q(status=EditorialStatus.PUBLISHED),
                name="statement_public_newest_idx",
            ),
            models.Index(
                fields=["agency", "-issued_on", "-id"], name="statement_agency_idx"
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return path_for("statements:statement-detail", self.slug)

    def _fetched_or_read(self, fetched_as, relation):
        """The list fetched with the page's rows (``fetched_as``, see
        ``StatementQuerySet.with_lists``), or else the ``relation`` read now (its
        manager made only then: making one per statement and page cost more than
        reading the list)."""
        fetched = self.__dict__.get(fetched_as)
        return fetched if fetched is not None else list(getattr(self, relation).all())

    @property
    def position_list(self):
        return self._fetched_or_read("fetched_positions", "positions")

    @property
    def co_issuer_list(self):
        return self._fetched_or_read("fetched_co_issuers", "co_issuers")

    @property
    def correction_list(self):
        """Its corrections, newest first."""
        return self._fetched_or_read("fetched_corrections", "corrections")

    @property
    def is_public(self):
        return (
            self.status == EditorialStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def last_corrected_on(self):
        """The date of its latest correction, or None."""
        return max((c.corrected_on for c in self.correction_list), default=None)

    @property
    def issued_on_display(self):
        """The issue date written with only as much as is known."""
        if self.issued_on_precision == DatePrecision.YEAR:
            return self.issued_on.strftime("%Y")
        if self.issued_on_precision == DatePrecision.MONTH:
            return self.issued_on.strftime("%B %Y")
        return f"{self.issued_on:%B} {self.issued_on.day}, {self.issued_on:%Y}"


class Position(ReadInBulk):
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
        indexes = [
            # Filters by order (and stance) read the statements' ids from the index
            # alone, without a look at each position's row.
            models.Index(
                fields=["order", "stance", "statement"],
                name="position_order_stance_idx",
            )
        ]

    def __str__(self):
        about = self.order.label if self.order_id else self.get_topic_display()
        return f"{self.get_stance_display()} on {about}"

    @property
    def addresses_mandates(self):
        """Does the position say whether agencies should be required to take part?"""
        return self.mandate_view != MandateView.NOT_ADDRESSED

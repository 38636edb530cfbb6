"""Read-side vocabulary for statements.

``StatementQuerySet.published`` is the only gate to public data: every public path
(pages, feeds, sitemaps, exports, the API, counts and charts) starts from it.
"""

from collections import defaultdict

from django.db import models
from django.utils import timezone

from .choices import (
    AgencyKind,
    AgreementModel,
    AgreementStatus,
    EditorialStatus,
    MandateView,
    Stance,
)

# Stances that take no side; an agency's current stance prefers one that does.
NO_SIDE_STANCES = (Stance.INFORMATIONAL, Stance.UNCLEAR)
WORDS_AGAINST_PARTICIPATION = (Stance.LOCAL_DISCRETION, Stance.OPPOSES)
WORDS_FOR_PARTICIPATION = (Stance.SUPPORTS, Stance.SUPPORTS_WITH_CONDITIONS)
# The two ways words and deeds diverge (see AgencyQuerySet.with_divergence).
WORDS_AGAINST_DEEDS = "words_against_deeds"
SUPPORT_WITHOUT_AGREEMENT = "support_without_agreement"
# Kinds of agency that ICE signs 287(g) agreements with (not associations or unions).
AGREEMENT_CAPABLE_KINDS = (
    AgencyKind.SHERIFF,
    AgencyKind.MUNICIPAL_POLICE,
    AgencyKind.COUNTY_POLICE,
    AgencyKind.STATE_POLICE,
    AgencyKind.STATE_AGENCY,
    AgencyKind.TRIBAL_POLICE,
    AgencyKind.CAMPUS_POLICE,
)


class StatementQuerySet(models.QuerySet):
    def published(self, at=None):
        """Statements a reader may see: published, and due (``published_at`` reached).

        ``at`` is the moment to judge by (now unless given); a statement whose
        ``published_at`` is exactly that moment is public."""
        return self.filter(
            status=EditorialStatus.PUBLISHED, published_at__lte=at or timezone.now()
        )

    def for_order(self, order):
        return self.filter(positions__order=order).distinct()

    def issued_between(self, start=None, end=None):
        queryset = self
        if start:
            queryset = queryset.filter(issued_on__gte=start)
        if end:
            queryset = queryset.filter(issued_on__lte=end)
        return queryset

    def with_related(self):
        """Everything a statement card shows, in a constant number of queries."""
        return self.select_related("agency").prefetch_related(
            "co_issuers", "positions__order"
        )


class PositionQuerySet(models.QuerySet):
    def published(self, at=None):
        """Positions of public statements (for counts and charts), by the one rule."""
        statement_model = self.model._meta.get_field("statement").related_model
        return self.filter(statement__in=statement_model.objects.published(at))

    def statement_counts(self, field):
        """``{value of field: number of statements}``. Statements, not positions: a
        statement with two positions of one stance on one order counts once."""
        return dict(
            self.order_by()
            .values_list(field)
            .annotate(n=models.Count("statement", distinct=True))
        )

    def statement_counts_by_order(self, field):
        """``{order id: {value of field: number of statements}}`` (as above) for the
        positions that are about an order."""
        table = defaultdict(dict)
        rows = (
            self.filter(order__isnull=False)
            .order_by()
            .values_list("order", field)
            .annotate(n=models.Count("statement", distinct=True))
        )
        for order_id, value, n in rows:
            table[order_id][value] = n
        return table


class AgencyQuerySet(models.QuerySet):
    """Words beside deeds: which agencies hold 287(g) agreements on ICE's list."""

    def holding_agreements(self):
        """Agencies with at least one agreement on ICE's current list."""
        from .models import Agreement

        listed = Agreement.objects.currently_listed().filter(
            agency=models.OuterRef("pk")
        )
        return self.filter(models.Exists(listed))

    def with_listed_agreements(self):
        """Each agency with ``listed_agreement_count`` and its listed agreements
        prefetched as ``listed_agreements`` (two queries, whatever the number)."""
        from .models import Agreement

        return self.annotate(
            listed_agreement_count=models.Count(
                "agreements",
                filter=models.Q(agreements__status=AgreementStatus.LISTED),
                distinct=True,
            )
        ).prefetch_related(
            models.Prefetch(
                "agreements",
                queryset=Agreement.objects.currently_listed().order_by(
                    "model", "signed_on"
                ),
                to_attr="listed_agreements",
            )
        )

    def with_current_stance(self):
        """Each agency with ``current_stance`` and ``current_mandate_view``, from its
        latest public position (as issuer or co-issuer). A position that takes a side
        counts before a later one that takes none, so an informational remark does not
        hide where an agency stands."""
        from .models import Position

        positions = Position.objects.published().filter(
            models.Q(statement__agency=models.OuterRef("pk"))
            | models.Q(statement__co_issuers=models.OuterRef("pk"))
        )
        newest = ("-statement__issued_on", "-statement_id", "-id")
        takes_no_side = models.Case(
            models.When(stance__in=NO_SIDE_STANCES, then=models.Value(1)),
            default=models.Value(0),
        )
        stance = positions.order_by(takes_no_side, *newest).values("stance")[:1]
        mandate_view = (
            positions.exclude(mandate_view=MandateView.NOT_ADDRESSED)
            .order_by(*newest)
            .values("mandate_view")[:1]
        )
        return self.annotate(
            current_stance=models.Subquery(stance),
            current_mandate_view=models.Subquery(mandate_view),
        )

    def with_divergence(self):
        """``with_current_stance()`` plus ``divergence``: where what an agency says
        and what it holds pull apart. The one rule, for filters and pages alike:

        - ``words_against_deeds``: says participation is a local decision, opposes
          it, or opposes mandates, while holding an agreement on ICE's current list.
          Opposing mandates counts only when the agency does not also say it supports
          taking part: a willing partner that wants no one forced is not saying one
          thing and doing another.
        - ``support_without_agreement``: an agency that could sign an agreement says
          it supports taking part (or mandates, without opposing taking part), yet
          holds none on ICE's current list.
        - ``""`` otherwise."""
        from .models import Agreement

        holds = models.Exists(
            Agreement.objects.currently_listed().filter(agency=models.OuterRef("pk"))
        )
        says_against = models.Q(current_stance__in=WORDS_AGAINST_PARTICIPATION) | (
            models.Q(current_mandate_view=MandateView.OPPOSES_MANDATES)
            & ~models.Q(current_stance__in=WORDS_FOR_PARTICIPATION)
        )
        says_for = models.Q(current_stance__in=WORDS_FOR_PARTICIPATION) | (
            models.Q(current_mandate_view=MandateView.SUPPORTS_MANDATES)
            & ~models.Q(current_stance__in=WORDS_AGAINST_PARTICIPATION)
        )
        return self.with_current_stance().annotate(
            divergence=models.Case(
                models.When(
                    says_against & holds, then=models.Value(WORDS_AGAINST_DEEDS)
                ),
                models.When(
                    says_for & ~holds & models.Q(kind__in=AGREEMENT_CAPABLE_KINDS),
                    then=models.Value(SUPPORT_WITHOUT_AGREEMENT),
                ),
                default=models.Value(""),
                output_field=models.CharField(),
            )
        )

    def words_against_deeds(self):
        return self.with_divergence().filter(divergence=WORDS_AGAINST_DEEDS)

    def support_without_agreement(self):
        return self.with_divergence().filter(divergence=SUPPORT_WITHOUT_AGREEMENT)


class AgreementQuerySet(models.QuerySet):
    def currently_listed(self):
        """Agreements on ICE's latest participating list. The importer keeps
        ``status`` in step with the newest list imported, whatever the import order."""
        return self.filter(status=AgreementStatus.LISTED)

    def counts_by_model(self):
        """``{model value: number of agreements}``; apply to ``currently_listed()``
        for the numbers of the latest list."""
        rows = self.order_by().values_list("model").annotate(n=models.Count("id"))
        return dict(rows)

    def counts_by_state(self):
        """One row per state: ``{"state": "FL", "total": n, "<model>": n, ...}``,
        by the agency's two-letter state code, in code order."""
        per_model = {
            model: models.Count("id", filter=models.Q(model=model))
            for model in AgreementModel.values
        }
        return (
            self.order_by("agency__state")
            .values(state=models.F("agency__state"))
            .annotate(total=models.Count("id"), **per_model)
        )

"""The agency list and an agency's page: its words beside its deeds."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from ..choices import (
    AgreementStatus,
    MandateView,
    Stance,
)
from ..filters import AgencyFilter
from ..models import Agency, Statement
from ..querysets import (
    AGREEMENT_CAPABLE_KINDS,
)
from ..selectors import stance_timeline
from .lists import downloads, paginate, query_without_page


class AgencyListView(View):
    template_name = "statements/agency_list.html"

    def get(self, request):
        base = (
            Agency.objects.with_current_stance()
            .with_listed_agreements()
            .order_by("name", "pk")
        )
        filterset = AgencyFilter(request.GET, queryset=base, request=request)
        agencies = filterset.qs if filterset.is_valid() else base.none()
        page_obj = paginate(request, agencies)
        query = query_without_page(request.GET)
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "agencies": page_obj.object_list,
            "export_url": "/agencies/export.csv" + (f"?{query}" if query else ""),
            "is_filtered": any(request.GET.get(name) for name in filterset.filters)
            or not filterset.is_valid(),
        }
        return render(request, self.template_name, context)


def divergence(agency, statements, agreements):
    """What the agency says beside what it holds, when the two pull apart; or None."""
    kind = agency.divergence
    if not kind:
        return None
    listed = [a for a in agreements if a.status == AgreementStatus.LISTED]
    # The statement that carries the current stance, for a dated link.
    source = None
    for statement in reversed(statements):
        if any(
            p.stance == agency.current_stance
            or (p.mandate_view == agency.current_mandate_view and p.mandate_view)
            for p in statement.positions.all()
        ):
            source = statement
            break
    return {
        "kind": kind,
        "stance": Stance(agency.current_stance) if agency.current_stance else None,
        "mandate_view": MandateView(agency.current_mandate_view)
        if agency.current_mandate_view
        else None,
        "statement": source,
        "listed": listed,
        "no_longer_listed": [
            a for a in agreements if a.status != AgreementStatus.LISTED
        ],
    }


class AgencyDetailView(View):
    template_name = "statements/agency_detail.html"

    def get(self, request, slug):
        agency = get_object_or_404(
            Agency.objects.with_divergence().with_listed_agreements(), slug=slug
        )
        statements = list(
            Statement.objects.published()
            .filter(Q(agency=agency) | Q(co_issuers=agency))
            .distinct()
            .with_related()
            .order_by("issued_on", "id")
        )
        agreements = list(agency.agreements.order_by("signed_on", "model"))
        requests = list(agency.agreement_requests.filter(status="pending"))
        query = f"agency={agency.slug}"
        context = {
            "agency": agency,
            "timeline": stance_timeline(statements),
            "statements": statements,
            "agreements": agreements,
            "agreement_requests": requests,
            "divergence": divergence(agency, statements, agreements),
            "can_hold_agreements": agency.kind in AGREEMENT_CAPABLE_KINDS,
            "current_stance": Stance(agency.current_stance)
            if agency.current_stance
            else None,
            "downloads": downloads(query),
            "list_url": f"{reverse('statements:statement-list')}?{query}",
            "feed_url": reverse("statements:agency-feed", kwargs={"slug": agency.slug}),
        }
        return render(request, self.template_name, context)

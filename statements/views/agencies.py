"""The agency list and an agency's page: its words beside its deeds."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from ..choices import AgencyKind, AgreementStatus, RequestStatus, Stance
from ..filters import AgencyFilter
from ..models import Agency, Statement
from ..selectors import (
    stance_timeline,
    words_and_deeds_evidence,
    words_and_deeds_summary,
)
from ..site_url import with_query
from .lists import FilteredListView, downloads, paginate


class AgencyListView(FilteredListView):
    template_name = "statements/agency_list.html"
    filterset_class = AgencyFilter
    context_object_name = "agencies"

    def get_queryset(self):
        return Agency.objects.with_listed_agreements().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_url"] = with_query(
            reverse("statements:agency-export-csv"), context["query"]
        )
        return context


class AgencyDetailView(View):
    template_name = "statements/agency_detail.html"

    def get(self, request, slug):
        agency = (
            Agency.objects.with_listed_agreements()
            .select_related("stance_statement")
            .at_address(slug)
        )
        if agency is None:
            raise Http404("No agency at this address.")
        if agency.slug != slug:
            return HttpResponsePermanentRedirect(agency.get_absolute_url())
        # Pages of its statements, the latest first; each page reads oldest first,
        # with the statement just before it for the change marks.
        statements = (
            Statement.objects.published()
            .by_agency(agency)
            .as_cards()
            .order_by("-issued_on", "-id")
        )
        page_obj = paginate(request, statements, count_key=f"agency:{agency.pk}")
        # The page and the statement just before it, read together: one set of
        # queries however long the agency's record is.
        first, end = max(page_obj.start_index() - 1, 0), page_obj.end_index()
        rows = list(statements[first : end + 1])
        shown, earlier = rows[: end - first], rows[end - first :]
        agreements = list(agency.agreements.order_by("signed_on", "model"))
        listed = [a for a in agreements if a.status == AgreementStatus.LISTED]
        no_longer_listed = [a for a in agreements if a.status != AgreementStatus.LISTED]
        requests = list(agency.agreement_requests.filter(status=RequestStatus.PENDING))
        query = f"agency={agency.slug}"
        context = {
            "agency": agency,
            "timeline": stance_timeline(
                reversed(shown), earlier[0] if earlier else None
            ),
            "page_obj": page_obj,
            "agreements": agreements,
            "agreement_requests": requests,
            # What we did to hear from it (asked, searched), the latest first.
            "inquiries": list(agency.inquiries.all()),
            "words_and_deeds": words_and_deeds_summary(
                agency, listed, no_longer_listed
            ),
            "evidence": words_and_deeds_evidence(agency, agreements)
            if agency.words_and_deeds
            else [],
            "can_hold_agreements": agency.kind in AgencyKind.CAN_HOLD_AGREEMENTS,
            "current_stance": Stance(agency.current_stance)
            if agency.current_stance
            else None,
            "downloads": downloads(query),
            "list_url": f"{reverse('statements:statement-list')}?{query}",
            "feed_url": reverse("statements:agency-feed", kwargs={"slug": agency.slug}),
        }
        return render(request, self.template_name, context)

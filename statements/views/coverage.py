"""Coverage: how many agencies holding a 287(g) agreement we have heard from, and the
list of those we have not (the reporters' list of whom to call)."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from .. import charts, coverage, page_cache
from ..filters import CoverageFilter
from ..models import Inquiry
from ..site_url import with_query
from .lists import FilteredListView


def coverage_page_figures():
    """The counts and their pictures, worked out once per version of the record."""
    figures = coverage.coverage_figures()
    return {
        "coverage": figures,
        "coverage_groups": coverage.GROUPS,
        "coverage_model_chart": charts.coverage_bars(
            figures["models"], coverage.GROUPS, "Agencies heard from, per 287(g) model"
        ),
        "coverage_state_chart": charts.coverage_bars(
            figures["states"], coverage.GROUPS, "Agencies heard from, per state"
        ),
        "coverage_legend": charts.coverage_legend(coverage.GROUPS),
    }


class CoverageView(View):
    template_name = "statements/coverage.html"

    def get(self, request):
        context = page_cache.figure("coverage", coverage_page_figures, request)
        return render(request, self.template_name, context)


class NotHeardListView(FilteredListView):
    """Agreement holders with no public statement, by state and model."""

    template_name = "statements/not_heard_list.html"
    filterset_class = CoverageFilter
    context_object_name = "agencies"

    def get_queryset(self):
        return (
            coverage.not_heard_from()
            .with_listed_agreements()
            .prefetch_related(
                Prefetch("inquiries", queryset=Inquiry.objects.order_by("-made_on"))
            )
            .order_by("state", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_url"] = with_query(
            reverse("statements:not-heard-export-csv"), context["query"]
        )
        return context

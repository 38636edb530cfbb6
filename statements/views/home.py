"""The home page: counts, the latest statements, stances per order and the map."""

from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View

from .. import charts, page_cache
from ..choices import (
    US_STATES,
)
from ..models import Order, Position, Statement
from ..selectors import home_counts, map_rows, statements_per_year
from .coverage import coverage_page_figures


def home_figures():
    """Everything on the home page that is counted over all public data: worked out
    once per version of the record (``page_cache.figure``), not for each reader."""
    public = Statement.objects.published()
    orders = list(
        Order.objects.filter(
            Exists(Position.objects.published().filter(order=OuterRef("pk")))
        )
    )
    counts = Position.objects.published().statement_counts_by_order("stance")
    for order in orders:
        order.stance_counts = charts.ordered_stances(counts[order.pk])
        order.stance_chart = charts.stance_bar(
            counts[order.pk], label=f"Stances on {order.label}"
        )
    states = map_rows()
    agency_list = reverse("statements:agency-list")
    charts_and_tables = {
        "orders": orders,
        "tile_map": charts.tile_map(
            states, link=lambda code: f"{agency_list}?state={code}"
        ),
        "map_table": [
            (
                code,
                US_STATES[code],
                states[code],
                charts.ordered_stances(states[code]["stances"]),
            )
            for code in sorted(states, key=lambda code: US_STATES[code])
        ],
        "map_legend": charts.map_legend(),
    }
    # The two longest parts of the page are drawn here, once per version, rather
    # than for each reader: a template loop over every order and state costs more
    # than all the page's queries together.
    return {
        **home_counts(),
        "timeline_chart": charts.timeline(statements_per_year(public)),
        "orders_html": render_to_string(
            "statements/includes/home_orders.html", charts_and_tables
        ),
        "map_html": render_to_string(
            "statements/includes/home_map.html", charts_and_tables
        ),
    }


class HomeView(View):
    template_name = "statements/home.html"

    def get(self, request):
        context = {
            **page_cache.figure("home", home_figures, request),
            # The same figures as /coverage/, kept once per version for both pages.
            **page_cache.figure("coverage", coverage_page_figures, request),
            "latest_statements": Statement.objects.published().as_cards()[:10],
            "feed_url": reverse("statements:statement-feed"),
        }
        return render(request, self.template_name, context)

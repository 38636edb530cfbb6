"""The order list and an order's page, with its lineage."""

from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from .. import charts, page_cache
from ..choices import MandateView, OrderKind
from ..models import Order, Position, Statement
from ..selectors import lineage
from .lists import downloads, paginate

# The order list's views of the catalogue (``?kind=``): federal orders, state laws.
KIND_FILTERS = {
    "federal": (
        "Federal orders",
        ~Q(kind__in=[OrderKind.STATE_LAW, OrderKind.STATE_EXECUTIVE_ORDER]),
    ),
    **{kind.value: (kind.label + "s", Q(kind=kind)) for kind in OrderKind},
}


class OrderListView(View):
    template_name = "statements/order_list.html"

    def get(self, request):
        kind = request.GET.get("kind", "")
        if kind and kind not in KIND_FILTERS:
            return HttpResponseBadRequest(
                f"“{kind}” is not a kind of order. Use one of: "
                f"{', '.join(KIND_FILTERS)}, or leave kind out for every order.",
                content_type="text/plain; charset=utf-8",
            )
        orders = Order.objects.select_related("replaced_by")
        if kind:
            orders = orders.filter(KIND_FILTERS[kind][1])
        orders = list(orders)
        positions = Position.objects.published()
        counts, statement_counts = page_cache.figure(
            "order-list-counts",
            lambda: (
                positions.statement_counts_by_order("stance"),
                positions.filter(order__isnull=False).statement_counts("order"),
            ),
            request,
        )
        for order in orders:
            order.statement_count = statement_counts.get(order.pk, 0)
            order.stance_counts = charts.ordered_stances(counts[order.pk])
            order.stance_chart = charts.stance_bar(
                counts[order.pk], label=f"Stances on {order.label}"
            )
        context = {
            "orders": orders,
            "kind": kind,
            "kind_title": KIND_FILTERS[kind][0] if kind else "Orders",
            "kind_links": [
                ("", "All"),
                ("federal", "Federal"),
                (OrderKind.STATE_LAW.value, "State laws"),
            ],
        }
        return render(request, self.template_name, context)


class OrderDetailView(View):
    template_name = "statements/order_detail.html"

    def get(self, request, slug):
        all_orders = list(Order.objects.all())
        order = next((o for o in all_orders if o.slug == slug), None)
        if order is None:
            raise Http404("No order at this address.")
        by_id = {o.pk: o for o in all_orders}
        replaced_by = by_id.get(order.replaced_by_id)
        replaces = [o for o in all_orders if o.replaced_by_id == order.pk]
        positions = Position.objects.published().filter(order=order).order_by()
        counts, mandate_counts = page_cache.figure(
            f"order-counts:{order.pk}",
            lambda: (
                positions.statement_counts("stance"),
                positions.statement_counts("mandate_view"),
            ),
            request,
        )
        mandate_counts = [
            (MandateView(value), n) for value, n in sorted(mandate_counts.items())
        ]
        statements = Statement.objects.published().about_order(order).as_cards()
        page_obj = paginate(request, statements, count_key=f"order:{order.pk}")
        query = f"order={order.slug}"
        context = {
            "order": order,
            "replaced_by": replaced_by,
            "replaces": replaces,
            "lineage": lineage(order, all_orders) if replaced_by or replaces else [],
            "stance_counts": charts.ordered_stances(counts),
            "stance_chart": charts.stance_bar(
                counts, label=f"Stances on {order.label}"
            ),
            "mandate_counts": mandate_counts,
            "page_obj": page_obj,
            "statements": page_obj.object_list,
            "downloads": downloads(query),
            "list_url": f"{reverse('statements:statement-list')}?{query}",
            "feed_url": reverse("statements:order-feed", kwargs={"slug": order.slug}),
        }
        return render(request, self.template_name, context)

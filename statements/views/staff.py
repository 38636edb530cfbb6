"""The staff desk: statements per order, by stance and by editorial status, with
every count linking into the filtered statement list. Staff see unpublished work
here, so nothing on these pages is ever cached."""

from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..choices import EditorialStatus, Stance
from ..models import Order, Position


def cells(order, counts, choices, parameter, list_url):
    """One cell per choice: the count and the address of the list it stands for."""
    row = []
    for value, label in choices:
        n = counts.get(value, 0)
        query = urlencode({"order": order.slug, parameter: value})
        row.append(
            {"label": label, "count": n, "url": f"{list_url}?{query}" if n else ""}
        )
    return row


@never_cache
@staff_member_required
def order_overview(request):
    list_url = reverse("statements:statement-list")
    # Every editorial status counts here: this is the staff desk.
    positions = Position.objects.filter(order__isnull=False)
    by_stance = positions.statement_counts_by_order("stance")
    by_status = positions.statement_counts_by_order("statement__status")
    totals = positions.statement_counts("order")
    rows = []
    for order in Order.objects.order_by("-signed_on", "title", "pk"):
        rows.append(
            {
                "order": order,
                "total": totals.get(order.pk, 0),
                "total_url": f"{list_url}?{urlencode({'order': order.slug})}",
                "stances": cells(
                    order, by_stance[order.pk], Stance.choices, "stance", list_url
                ),
                "statuses": cells(
                    order,
                    by_status[order.pk],
                    EditorialStatus.choices,
                    "status",
                    list_url,
                ),
            }
        )
    return render(
        request,
        "staff/order_overview.html",
        {
            "rows": rows,
            "stances": Stance.choices,
            "statuses": EditorialStatus.choices,
            "column_count": 2 + len(Stance.choices) + len(EditorialStatus.choices),
        },
    )

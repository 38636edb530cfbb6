"""Admin of orders and laws."""

from django.contrib import admin

from .. import changes
from ..models import Order
from .conflicts import ConflictCheckedAdmin
from .history import HistoryAdmin
from .initial import WellFormedInitialAdmin
from .records import RecordsChangesAdmin


@admin.register(Order)
class OrderAdmin(
    WellFormedInitialAdmin, ConflictCheckedAdmin, HistoryAdmin, RecordsChangesAdmin
):
    list_display = ("title", "label", "kind", "jurisdiction", "signed_on", "status")
    list_filter = ("kind", "status", "jurisdiction")
    search_fields = ("title", "number", "slug", "citation", "document_number")
    prepopulated_fields = {"slug": ("number",)}
    autocomplete_fields = ("replaced_by",)
    date_hierarchy = "signed_on"
    fieldsets = (
        (
            None,
            {"fields": ("kind", "number", "title", "slug", "jurisdiction", "summary")},
        ),
        (
            "Dates and publication",
            {
                "fields": (
                    "signed_on",
                    "published_on",
                    "citation",
                    "document_number",
                    "effective_on",
                    "url",
                    "sources",
                )
            },
        ),
        ("Status", {"fields": ("status", "status_note", "replaced_by", "ended_on")}),
    )

    def affected_agencies(self, order):
        # Its end date decides which positions on it count as in force.
        return changes.agencies_speaking_on_orders([order.pk])

"""The link checker's results in the admin: a filter on the statement list and a
read-only list of every check (``manage.py check_sources`` writes them)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from ..models import SourceCheck


class SourceReachableFilter(admin.SimpleListFilter):
    title = "source reachable"
    parameter_name = "source_reachable"

    def lookups(self, request, model_admin):
        return [
            ("broken", "broken"),
            ("ok", "reachable"),
            ("unchecked", "not checked yet"),
        ]

    def queryset(self, request, queryset):
        checks = SourceCheck.objects.filter(statement=OuterRef("pk"))
        if self.value() == "broken":
            return queryset.filter(Exists(checks.filter(ok=False)))
        if self.value() == "ok":
            return queryset.filter(Exists(checks)).exclude(
                Exists(checks.filter(ok=False))
            )
        if self.value() == "unchecked":
            return queryset.exclude(Exists(checks))
        return queryset


@admin.register(SourceCheck)
class SourceCheckAdmin(admin.ModelAdmin):
    list_display = ("statement", "link", "ok", "status_code", "error", "checked_at")
    list_filter = ("ok", "link")
    list_select_related = ("statement",)
    search_fields = ("url", "statement__headline")
    readonly_fields = (
        "statement",
        "link",
        "url",
        "checked_at",
        "status_code",
        "ok",
        "error",
    )

    def has_add_permission(self, request):
        return False  # only the link checker records results

    def has_change_permission(self, request, obj=None):
        return False

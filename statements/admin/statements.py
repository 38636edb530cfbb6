"""Admin of statements with their positions: editing, status changes with the
rights they need, filters and the CSV action."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from .. import exports, publishing
from ..choices import EditorialStatus
from ..models import (
    Order,
    Position,
    Statement,
)


class PositionInline(admin.StackedInline):
    model = Position
    extra = 0
    min_num = 1
    autocomplete_fields = ("order",)
    fields = (("order", "topic"), ("stance", "mandate_view"), "quote", "note")


class StatementAdminForm(forms.ModelForm):
    """Refuses status changes the signed-in user has no right to make, as a form error
    on the status field (the server-side check, not a hidden button)."""

    class Meta:
        model = Statement
        fields = "__all__"  # noqa: DJ007 (the admin chooses fields via fieldsets)

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("status")
        old_status = self.instance.status if self.instance.pk else EditorialStatus.DRAFT
        if new_status:
            try:
                publishing.check_status_change(self.user, old_status, new_status)
            except publishing.PublishingNotAllowed as refusal:
                self.add_error("status", str(refusal))
                return cleaned
        if new_status == EditorialStatus.PUBLISHED and "published_at" in self.fields:
            # Publishing without a time means “now”; set before the database
            # constraint (published statements have a time) is validated.
            cleaned["published_at"] = cleaned.get("published_at") or timezone.now()
        return cleaned


@admin.action(description="Publish the selected statements now")
def publish_selected(modeladmin, request, queryset):
    change_selected(modeladmin, request, queryset, publishing.publish, "published")


@admin.action(description="Unpublish the selected statements (back to draft)")
def unpublish_selected(modeladmin, request, queryset):
    change_selected(modeladmin, request, queryset, publishing.unpublish, "unpublished")


@admin.action(description="Submit the selected drafts for review")
def submit_selected(modeladmin, request, queryset):
    change_selected(
        modeladmin,
        request,
        queryset,
        publishing.submit_for_review,
        "submitted for review",
    )


def change_selected(modeladmin, request, queryset, change, verb):
    changed = 0
    for statement in queryset:
        try:
            change(statement, request.user)
        except PermissionDenied as refusal:
            modeladmin.message_user(request, f"{statement}: {refusal}", messages.ERROR)
        else:
            changed += 1
    if changed:
        modeladmin.message_user(
            request, f"{changed} statement(s) {verb}.", messages.SUCCESS
        )


class OrderWithCountsFilter(admin.SimpleListFilter):
    """Filter by order, each shown with its number of statements (“EO 13768 (3)”),
    counting every editorial status, as the changelist does."""

    title = "order"
    parameter_name = "order"

    def lookups(self, request, model_admin):
        orders = (
            Order.objects.annotate(
                statement_count=Count("positions__statement", distinct=True)
            )
            .filter(statement_count__gt=0)
            .order_by("-signed_on", "title")
        )
        return [
            (order.slug, f"{order.label} ({order.statement_count})") for order in orders
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        on_order = Position.objects.filter(
            statement=OuterRef("pk"), order__slug=self.value()
        )
        return queryset.filter(Exists(on_order))


@admin.action(description="Export selected as CSV")
def export_selected_as_csv(modeladmin, request, queryset):
    """The same file as the public export, for exactly the rows ticked."""
    return exports.statements_response(
        queryset.order_by("-issued_on", "-id"), "csv", {"admin": "selection"}
    )


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    form = StatementAdminForm
    list_display = (
        "headline",
        "agency",
        "issued_on",
        "status",
        "published_at",
        "updated_at",
    )
    list_filter = (
        "status",
        OrderWithCountsFilter,
        "positions__stance",
        "positions__mandate_view",
        "positions__topic",
        "agency__kind",
        "agency__state",
        "issued_on",
    )
    list_select_related = ("agency",)
    search_fields = (
        "headline",
        "summary",
        "text",
        "agency__name",
        "agency__short_name",
        "speaker_name",
        "positions__quote",
    )
    date_hierarchy = "issued_on"
    autocomplete_fields = ("agency", "co_issuers")
    prepopulated_fields = {"slug": ("headline",)}
    readonly_fields = ("created_at", "updated_at", "created_by", "updated_by")
    inlines = (PositionInline,)
    actions = (
        publish_selected,
        unpublish_selected,
        submit_selected,
        export_selected_as_csv,
    )
    save_on_top = True
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "agency",
                    "co_issuers",
                    ("speaker_name", "speaker_title"),
                    "headline",
                    "slug",
                    "kind",
                    ("issued_on", "issued_on_precision"),
                    "summary",
                )
            },
        ),
        ("Source", {"fields": ("source_name", "source_url", "archived_url", "text")}),
        ("Publication", {"fields": ("status", "published_at")}),
        (
            "History",
            {
                "classes": ("collapse",),
                "fields": ("created_at", "created_by", "updated_at", "updated_by"),
            },
        ),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not publishing.can_publish(request.user):
            # Contributors never set a publication time; it follows from publishing.
            readonly = (*readonly, "published_at")
        return readonly

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not publishing.can_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and publishing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and publishing.can_edit(request.user, obj)

    def save_model(self, request, obj, form, change):
        publishing.stamp(obj, request.user)
        super().save_model(request, obj, form, change)

"""Admin of statements with their positions: editing, status changes with the
rights they need, filters and the CSV action."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from .. import changes, exports, history, publishing
from ..choices import EditorialStatus
from ..models import (
    Order,
    Position,
    Statement,
)
from .conflicts import ConflictCheckedAdmin, EditTokenForm
from .corrections import corrections_of
from .history import HistoryAdmin
from .initial import WellFormedInitialAdmin
from .review import ReviewAdmin
from .source_checks import SourceReachableFilter
from .statement_checks import StatementChecksForm, confirm_publishing_unchecked


class PositionForm(forms.ModelForm):
    """A position's topic is chosen each time: most statements are not about 287(g)
    (a travel-ban order is not), so no topic is preselected."""

    class Meta:
        model = Position
        fields = "__all__"  # noqa: DJ007 (the inline chooses fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "topic" in self.fields:
            field = self.fields["topic"]
            field.initial = None
            self.initial.pop("topic", None)
            field.choices = [
                ("", "Choose a topic"),
                *Position._meta.get_field("topic").choices,
            ]


class PositionInline(admin.StackedInline):
    model = Position
    form = PositionForm
    min_num = 1
    autocomplete_fields = ("order",)
    fields = (("order", "topic"), ("stance", "mandate_view"), "quote", "note")

    def get_extra(self, request, obj=None, **kwargs):
        # A new statement shows two empty positions (most take one or two); an
        # existing one shows its own and an "Add another" link.
        return 1 if obj is None else 0


class StatementAdminForm(EditTokenForm, StatementChecksForm):
    """Shows what ``publishing`` refuses as form errors on the fields concerned: a
    status change the signed-in user has no right to make, publishing without a
    source. The same functions run again when the statement is saved
    (``StatementAdmin.save_model``): the rule is theirs, the form only reports it."""

    status_before_revert = None
    review_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note for the review thread",
        help_text="Needed to send a statement back: say what the author should "
        "change. Kept with the status change in the statement's history.",
    )

    class Meta:
        model = Statement
        fields = "__all__"  # noqa: DJ007 (the admin chooses fields via fieldsets)

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("status")
        # Read before the form's values reach the instance (after clean()). When
        # reverting, the instance already holds the old version: the change is from
        # the status it had before (StatementAdmin.revision_view).
        self.old_status = self.status_before_revert or (
            self.instance.status if self.instance.pk else EditorialStatus.DRAFT
        )
        if not new_status:
            return cleaned
        try:
            publishing.check_status_change(self.user, self.old_status, new_status)
        except publishing.PublishingNotAllowed as refusal:
            self.add_error("status", str(refusal))
            return cleaned
        note = cleaned.get("review_note", "")
        for problem in publishing.note_problems(
            new_status, note, self.old_status
        ).values():
            self.add_error("review_note", problem)
        if new_status == EditorialStatus.PUBLISHED:
            source_url = cleaned.get("source_url", self.instance.source_url)
            for field, problem in publishing.publication_problems(source_url).items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, problem)
        if "published_at" in self.fields:
            # Set before the database constraints (a published statement has a
            # publication time) are checked on the instance.
            cleaned["published_at"] = publishing.published_at_for(
                self.old_status, new_status, cleaned.get("published_at")
            )
        return cleaned


@admin.action(description="Publish the selected statements now")
def publish_selected(modeladmin, request, queryset):
    confirmation = confirm_publishing_unchecked(modeladmin, request, queryset)
    if confirmation is not None:
        return confirmation
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
        except ValidationError as problem:
            modeladmin.message_user(
                request, f"{statement}: {' '.join(problem.messages)}", messages.ERROR
            )
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
        return queryset.about_order(Order.objects.filter(slug=self.value()).first())


@admin.action(description="Export selected as CSV")
def export_selected_as_csv(modeladmin, request, queryset):
    """The same file as the public export, for exactly the rows ticked."""
    return exports.statements_response(
        queryset.order_by("-issued_on", "-id"), "csv", {"admin": "selection"}
    )


@admin.register(Statement)
class StatementAdmin(
    WellFormedInitialAdmin, ReviewAdmin, ConflictCheckedAdmin, HistoryAdmin
):
    form = StatementAdminForm
    # Five columns fit a 1280 px screen beside the filters (static/css/admin.css).
    list_display = (
        "headline",
        "agency_name",
        "issued_on",
        "status",
        "published_at",
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
        SourceReachableFilter,
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
    readonly_fields = (
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        "verified_at",
        "verified_by",
        "corrections",
    )
    inlines = (PositionInline,)
    actions = (
        publish_selected,
        unpublish_selected,
        submit_selected,
        export_selected_as_csv,
    )
    save_on_top = True

    class Media:
        # Named after the admin's jQuery so that the merged media load it first.
        js = ("admin/js/jquery.init.js", "js/admin_autocomplete_guard.js")

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
                    "save_duplicate",
                    "summary",
                )
            },
        ),
        (
            "Source",
            {
                "fields": (
                    "source_name",
                    "source_url",
                    "archived_url",
                    "text",
                    "checked_against_source",
                    ("verified_at", "verified_by"),
                )
            },
        ),
        (
            "Publication",
            {
                "fields": (
                    "status",
                    "published_at",
                    "publish_unchecked",
                    "review_note",
                    "withdrawal_note",
                )
            },
        ),
        ("Corrections", {"fields": ("corrections",)}),
        (
            "History",
            {
                "classes": ("collapse",),
                "fields": ("created_at", "created_by", "updated_at", "updated_by"),
            },
        ),
    )

    @admin.display(description="Agency", ordering="agency__name")
    def agency_name(self, obj):
        return obj.agency.display_name

    @admin.display(description="Public corrections")
    def corrections(self, obj):
        return corrections_of(obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        form.status_before_revert = getattr(request, "status_before_revert", None)
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Reverting is a save like any other: the rights to change the statement
        and its status are those of its status now, not of the old version."""
        statement = self.get_object(request, unquote(object_id))
        if statement is None or not self.has_change_permission(request, statement):
            raise PermissionDenied
        version = history.versions_of(statement).filter(pk=version_id).first()
        if version is None:
            raise Http404(
                "No such version of this statement: choose one from its history."
            )
        old_status = EditorialStatus(version.field_dict["status"])
        try:
            publishing.check_status_change(request.user, statement.status, old_status)
        except publishing.PublishingNotAllowed as refusal:
            self.message_user(
                request,
                f"{refusal} That version was “{old_status.label}”: ask an editor to "
                "revert to it, or copy what you need from it by hand.",
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:statements_statement_history", args=[statement.pk])
            )
        request.status_before_revert = statement.status
        return super().revision_view(request, object_id, version_id, extra_context)

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
        publishing.apply_status(
            obj, request.user, form.old_status, published_at=obj.published_at
        )
        super().save_model(request, obj, form, change)
        publishing.log_status_change(
            obj, request.user, form.old_status, form.cleaned_data.get("review_note")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The agencies it belonged to before this save, and those it belongs to now.
        before = [form.initial.get("agency"), *form.initial.get("co_issuers", [])]
        changes.record_changed(agencies=before, statements=[form.instance])

    def delete_model(self, request, obj):
        agencies = changes.agencies_of_statements([obj.pk])
        super().delete_model(request, obj)
        changes.record_changed(agencies=agencies)

    def delete_queryset(self, request, queryset):
        agencies = changes.agencies_of_statements(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        changes.record_changed(agencies=agencies)

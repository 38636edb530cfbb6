"""Admin of agencies: their aliases, and merging duplicates into one."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import changes
from ..merging import merge_agencies
from ..models import Agency, AgencyAlias, AgencyRedirect, Inquiry, Statement
from .conflicts import ConflictCheckedAdmin
from .history import HistoryAdmin
from .records import RecordsChangesAdmin


@admin.action(
    description="Merge the selected agencies into one", permissions=("delete",)
)
def merge_selected_agencies(modeladmin, request, queryset):
    """Asks which agency to keep, then merges the others into it."""
    agencies = list(
        queryset.annotate(
            statement_count=Count("statements", distinct=True),
            agreement_count=Count("agreements", distinct=True),
        ).order_by("name", "pk")
    )
    if len(agencies) < 2:
        modeladmin.message_user(
            request, "Select at least two agencies to merge.", messages.WARNING
        )
        return None
    keep = request.POST.get("keep")
    if request.POST.get("post") == "yes" and keep:
        keeper = next((a for a in agencies if str(a.pk) == keep), None)
        if keeper is None:
            modeladmin.message_user(
                request, "Choose one of the selected agencies to keep.", messages.ERROR
            )
            return None
        merged = [a for a in agencies if a.pk != keeper.pk]
        for duplicate in merged:
            merge_agencies(keeper, duplicate)
        modeladmin.message_user(
            request,
            f"Merged {', '.join(str(a) for a in merged)} into {keeper}. Later imports "
            "will recognise the merged names.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:statements_agency_change", args=[keeper.pk])
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": Agency._meta,
        "title": "Merge agencies",
        "agencies": agencies,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/statements/agency/merge.html", context)


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0
    fields = ("name", "state")


class InquiryInline(admin.TabularInline):
    """What we did to hear from the agency: asked and got no statement, or searched
    and found none, on a date. Coverage counts these; the agency's page says so."""

    model = Inquiry
    extra = 0
    fields = ("outcome", "made_on", "note", "recorded_by")
    readonly_fields = ("recorded_by",)


@admin.register(Agency)
class AgencyAdmin(ConflictCheckedAdmin, HistoryAdmin, RecordsChangesAdmin):
    list_display = (
        "name",
        "short_name",
        "kind",
        "state",
        "county",
        "jurisdiction_level",
    )
    list_filter = ("kind", "jurisdiction_level", "state")
    search_fields = ("name", "short_name", "aliases__name", "county", "city")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AgencyAliasInline, InquiryInline)
    actions = (merge_selected_agencies,)
    fieldsets = (
        (
            None,
            {"fields": ("name", "short_name", "slug", "kind", "jurisdiction_level")},
        ),
        ("Where", {"fields": ("state", "county", "city", "website")}),
        ("Notes", {"classes": ("collapse",), "fields": ("notes",)}),
    )

    def affected_agencies(self, agency):
        # Its kind decides whether it could hold an agreement at all.
        return {agency.pk}

    def save_formset(self, request, form, formset, change):
        if formset.model is Inquiry:
            for inquiry in formset.save(commit=False):
                if inquiry.recorded_by_id is None:
                    inquiry.recorded_by = request.user
                inquiry.save()
            for inquiry in formset.deleted_objects:
                inquiry.delete()
            return
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            # Links to the old address keep working (AgencyRedirect).
            AgencyRedirect.objects.update_or_create(
                slug=form.initial["slug"], defaults={"agency": obj}
            )
        AgencyRedirect.objects.filter(slug=obj.slug).delete()
        if change and {"name", "short_name"} & set(form.changed_data):
            # Its statements are found by its names.
            changes.record_changed(
                statements=Statement.objects.by_agency(obj).values_list("pk", flat=True)
            )

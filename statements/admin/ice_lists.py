"""Admin of the data from ICE's lists: agreements, pending requests, and the list
snapshots, with the upload, preview and confirm of a new list."""

import hashlib
import re
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..importers import ImportFailed, check_file_size, import_ice_list
from ..models import (
    Agreement,
    AgreementRequest,
    ListSnapshot,
)
from .initial import WellFormedInitialAdmin
from .records import RecordsChangesAdmin


@admin.register(Agreement)
class AgreementAdmin(WellFormedInitialAdmin, RecordsChangesAdmin):
    list_display = (
        "agency",
        "model",
        "signed_on",
        "signed_text",
        "status",
        "first_listed_on",
        "last_listed_on",
    )
    list_filter = ("model", "status", "agency__state", "agency__kind")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "ice_agency_name", "ice_county")
    autocomplete_fields = ("agency",)
    date_hierarchy = "signed_on"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "agency",
                    "model",
                    "signed_on",
                    "signed_text",
                    "status",
                    "moa_url",
                    "addendum_url",
                    "first_listed_on",
                    "last_listed_on",
                )
            },
        ),
        (
            "As ICE printed it",
            {
                "classes": ("collapse",),
                "fields": (
                    "ice_state",
                    "ice_agency_name",
                    "ice_type",
                    "ice_county",
                    "ice_support_type",
                ),
            },
        ),
    )

    def affected_agencies(self, agreement):
        return {agreement.agency_id}


@admin.register(AgreementRequest)
class AgreementRequestAdmin(WellFormedInitialAdmin):
    list_display = ("agency", "model", "status", "first_listed_on", "last_listed_on")
    list_filter = ("model", "status", "agency__state")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "ice_agency_name")
    autocomplete_fields = ("agency",)


@admin.register(ListSnapshot)
class ListSnapshotAdmin(admin.ModelAdmin):
    list_display = ("file_name", "kind", "listed_on", "rows_read", "imported_at")
    list_filter = ("kind",)
    readonly_fields = (
        "kind",
        "file_name",
        "listed_on",
        "sha256",
        "rows_read",
        "imported_at",
        "imported_by",
    )

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # Upload, preview and confirm an ICE list: /admin/statements/listsnapshot/import/
        return ice_list_urls(self) + super().get_urls()


UPLOAD_DIR = "ice-list-uploads"
PREVIEW_LINES = 300


class IceListUploadForm(forms.Form):
    file = forms.FileField(
        label="ICE list file",
        help_text="The file as ICE publishes it (participatingAgencies…xlsx or "
        "pendingAgencies…xlsx), or a .csv with the same column headings. Nothing is "
        "saved until you confirm the preview.",
    )
    listed_on = forms.DateField(
        required=False,
        label="List date",
        help_text="Only needed when the file name does not carry the date the way "
        "ICE's names do (…07182025pm.xlsx is 18 July 2025). YYYY-MM-DD.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same limits as the commands, checked before the file is read.
        try:
            check_file_size(upload.size, PurePath(upload.name).name)
        except ImportFailed as failure:
            raise forms.ValidationError(failure.problems) from None
        return upload


class IceListConfirmForm(forms.Form):
    """What the preview page sends back: the stored file's hash, never a path."""

    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    listed_on = forms.DateField(required=False, widget=forms.HiddenInput)
    confirm_removals = forms.BooleanField(
        required=False,
        label="Yes, ICE really dropped them: mark them no longer listed",
    )

    def __init__(self, *args, removes_most=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not removes_most:
            # Only a list that would end most current agreements asks for it.
            self.fields["confirm_removals"].widget = forms.HiddenInput()

    def clean_file_name(self):
        name = PurePath(self.cleaned_data["file_name"]).name
        if not re.fullmatch(r"[\w .()-]+\.(xlsx|xlsm|csv)", name, re.IGNORECASE):
            raise forms.ValidationError("Unexpected file name.")
        return name


def stored_name(token, file_name):
    return f"{UPLOAD_DIR}/{token}{PurePath(file_name).suffix.lower()}"


def ice_list_import_view(model_admin, request):
    """Step 1: upload. Step 2: the dry run's report, with a confirm button.
    Step 3: the same import for real, from the stored copy of the same bytes."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import an ICE 287(g) list",
    }
    upload_form = IceListUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        confirm_form = IceListConfirmForm(request.POST)
        if confirm_form.is_valid():
            return _confirm(model_admin, request, confirm_form.cleaned_data)
        messages.error(request, "The preview expired or was altered; upload again.")
    elif request.method == "POST":
        upload_form = IceListUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            data = upload.read()
            file_name = PurePath(upload.name).name
            listed_on = upload_form.cleaned_data["listed_on"]
            try:
                report = import_ice_list(
                    data, file_name, listed_on=listed_on, dry_run=True
                )
            except ImportFailed as failure:
                for problem in failure.problems[:50]:
                    upload_form.add_error("file", problem)
            else:
                token = hashlib.sha256(data).hexdigest()
                name = stored_name(token, file_name)
                if not default_storage.exists(name):
                    default_storage.save(name, ContentFile(data))
                details = report.details()
                context |= {
                    "report": report,
                    "details": details[:PREVIEW_LINES],
                    "details_left_off": max(0, len(details) - PREVIEW_LINES),
                    "confirm_form": IceListConfirmForm(
                        initial={
                            "token": token,
                            "file_name": file_name,
                            "listed_on": listed_on,
                        },
                        removes_most=report.removes_most,
                    ),
                }
    context["upload_form"] = upload_form
    return TemplateResponse(
        request, "admin/statements/listsnapshot/import.html", context
    )


def _confirm(model_admin, request, cleaned):
    name = stored_name(cleaned["token"], cleaned["file_name"])
    changelist = reverse("admin:statements_listsnapshot_changelist")
    if not default_storage.exists(name):
        messages.error(request, "The uploaded file is no longer here; upload it again.")
        return HttpResponseRedirect(request.path)
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != cleaned["token"]:
        messages.error(request, "The stored file does not match the preview.")
        return HttpResponseRedirect(request.path)
    try:
        report = import_ice_list(
            data,
            cleaned["file_name"],
            listed_on=cleaned["listed_on"],
            user=request.user,
            confirm_removals=cleaned["confirm_removals"],
        )
    except ImportFailed as failure:
        messages.error(
            request, "Nothing was imported: " + " ".join(failure.problems[:5])
        )
        return HttpResponseRedirect(request.path)
    default_storage.delete(name)
    messages.success(request, report.summary())
    return HttpResponseRedirect(changelist)


def ice_list_urls(model_admin):
    view = model_admin.admin_site.admin_view(
        lambda request: ice_list_import_view(model_admin, request)
    )
    # A snapshot is only ever made by importing a file, so "Add" leads to the upload.
    return [
        path("import/", view, name="statements_listsnapshot_import"),
        path("add/", view),
    ]

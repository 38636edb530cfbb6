"""Admin of public corrections: editors add them to published statements; nobody
changes or deletes one (the record of what was corrected stays whole)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .. import corrections
from ..choices import EditorialStatus
from ..models import Correction, Statement
from .initial import WellFormedInitialAdmin


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ("statement", "corrected_on", "text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "statement" in self.fields:
            self.fields["statement"].queryset = Statement.objects.filter(
                status=EditorialStatus.PUBLISHED
            )
            self.fields[
                "statement"
            ].help_text = "Only published statements can be corrected in public."

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        problem = corrections.correction_problems(statement)
        if problem:
            raise ValidationError(problem)
        return statement


@admin.register(Correction)
class CorrectionAdmin(WellFormedInitialAdmin):
    form = CorrectionForm
    list_display = ("corrected_on", "statement", "created_by", "created_at")
    list_select_related = ("statement", "created_by")
    search_fields = ("text", "statement__headline")
    date_hierarchy = "corrected_on"
    autocomplete_fields = ("statement",)
    readonly_fields = ("created_at", "created_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("statement", "corrected_on", "text", "created_at", "created_by")
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        # Viewing is allowed (view permission); a saved correction is never edited.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        corrections.record(obj, request.user)


def corrections_of(statement):
    """The statement's corrections and a link to add one, for its change form."""
    if statement is None or statement.pk is None:
        return "Corrections can be added once the statement is published."
    listed = format_html_join(
        "",
        "<li>{}: {}</li>",
        ((c.corrected_on, c.text) for c in statement.corrections.all()),
    )
    if statement.status != EditorialStatus.PUBLISHED:
        add = "Only a published statement takes a public correction."
    else:
        url = reverse("admin:statements_correction_add")
        add = format_html(
            '<a class="addlink" href="{}?statement={}">Add a public correction</a>',
            url,
            statement.pk,
        )
    return format_html("<ul>{}</ul>{}", listed, add) if listed else add

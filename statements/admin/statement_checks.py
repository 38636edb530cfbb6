"""The checks an editor confirms on a statement's form before it is saved: that it
was checked against its source (asked when publishing without one), and that it is
not a second copy of a statement by the same agency on the same day."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse

from .. import verification


class StatementChecksForm(forms.ModelForm):
    checked_against_source = forms.BooleanField(
        required=False,
        label="I checked this against the source",
        help_text="Tick after comparing the headline, summary, quotes and positions "
        "with the source. Records your name and the time; readers see the date.",
    )
    publish_unchecked = forms.BooleanField(
        required=False,
        label="Publish without a check",
        help_text="Only when asked: publishes a statement nobody has checked yet.",
    )
    save_duplicate = forms.BooleanField(
        required=False,
        label="Save it as a separate statement",
        help_text="Only when warned that the agency has another statement that day.",
    )

    def clean(self):
        cleaned = super().clean()
        statement = self.instance
        checking = cleaned.get("checked_against_source")
        if verification.publishing_unchecked(
            statement, cleaned.get("status"), checking
        ) and not cleaned.get("publish_unchecked"):
            self.add_error("publish_unchecked", verification.UNCHECKED_MESSAGE)
        # Asked when the statement is new or moves to another agency or day, not
        # again on every later save of a statement already confirmed as separate.
        moved = statement.pk is None or {"agency", "issued_on"} & set(self.changed_data)
        others = verification.same_agency_and_date(
            statement,
            cleaned.get("agency", getattr(statement, "agency", None)),
            cleaned.get("issued_on", statement.issued_on),
        )
        if moved and not cleaned.get("save_duplicate") and others.exists():
            self.add_error("save_duplicate", verification.duplicate_message(others))
        if checking and not self.errors:
            verification.mark_checked(statement, self.user)
        return cleaned


def confirm_publishing_unchecked(modeladmin, request, queryset):
    """For the "publish" action: the page asking to confirm publishing statements
    nobody checked against their source, or None when none is unchecked or the
    editor confirmed."""
    if request.POST.get("publish_unchecked") == "yes":
        return None
    unchecked = list(verification.unchecked(queryset))
    if not unchecked:
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Publish without a check?",
        "opts": modeladmin.model._meta,
        "queryset": list(queryset),
        "unchecked": unchecked,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(
        request, "admin/statements/statement/publish_unchecked.html", context
    )

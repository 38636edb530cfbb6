"""The admin's side of "no silent overwrites": a hidden token in each change form
(the record as it was when the form was opened) and, on saving, a form error that
lists what someone else changed since, while the editor's own input stays in the
form. The comparison itself is ``statements.conflicts``."""

from django import forms
from django.contrib.admin.utils import flatten
from django.utils import timezone
from django.utils.formats import date_format

from .. import conflicts, history

TOKEN_FIELD = "edit_token"


class EditTokenForm(forms.ModelForm):
    """A model form that refuses to save over changes made since it was opened.
    ``watched`` (a ``history.Watched``) is set by ``ConflictCheckedAdmin``."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    watched = None
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound and self.watched is not None:
            self.initial[TOKEN_FIELD] = conflicts.token_for(self.instance, self.watched)

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get(TOKEN_FIELD)
        # A form without a token (a script, or one opened before this check
        # existed) is not compared: there is nothing to compare it with.
        if not (self.instance.pk and token and self.watched is not None):
            return cleaned
        conflict = conflicts.conflict_for(self.instance, self.watched, token)
        if conflict is None:
            return cleaned
        self.conflict = conflict
        self.add_error(None, conflict_messages(self.instance, conflict))
        # The form is shown again with the editor's input and a token for the
        # record as it is now: saving it again, after merging, is their decision.
        data = self.data.copy()
        data[self.add_prefix(TOKEN_FIELD)] = conflict.token
        self.data = data
        return cleaned


def conflict_messages(instance, conflict):
    noun = instance._meta.verbose_name
    when = (
        "at " + date_format(timezone.localtime(conflict.when), "DATETIME_FORMAT")
        if conflict.when
        else "a moment ago"
    )
    lines = [
        f"{conflict.who} saved this {noun} {when}, after you opened it. Nothing "
        "of yours has been saved yet, and your input is still in the form below. "
        "What they changed (their value, then the value when you opened the form):"
    ]
    for difference in conflict.differences:
        lines.append(
            f"{difference.label}: now “{difference.after}” (was “{difference.before}”)."
        )
    lines.append(
        "Copy into the form what you want to keep of theirs, then save again: "
        f"your form will replace their version. To start from their version "
        f"instead, reload this {noun} without saving."
    )
    return lines


class ConflictCheckedAdmin:
    """Mixed into a ModelAdmin (before it) whose ``form`` is an ``EditTokenForm``:
    watches the fields of the form and of its inlines."""

    form = EditTokenForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        names = [name for name in form.base_fields if name != TOKEN_FIELD]
        related = {}
        for inline in self.get_inline_instances(request, obj):
            foreign_key = next(
                f
                for f in inline.model._meta.get_fields()
                if f.many_to_one and f.related_model is self.model
            )
            inline_fields = flatten(inline.fields) if inline.fields else ()
            related[foreign_key.remote_field.get_accessor_name()] = tuple(
                name
                for name in conflicts.model_fields(inline.model, inline_fields)
                if name not in inline.get_readonly_fields(request, obj)
            )
        form.watched = history.Watched(
            fields=conflicts.model_fields(self.model, names), related=related
        )
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        used = {
            name for _name, options in fieldsets for name in flatten(options["fields"])
        }
        if TOKEN_FIELD in used:
            return fieldsets
        (name, options), *rest = fieldsets
        first = (name, {**options, "fields": (*options["fields"], TOKEN_FIELD)})
        return [first, *rest]

"""The admin's history of a record: every saved version (django-reversion) with who,
when and a comment; a field-by-field comparison of any two versions, of a version
with the record as it is now, or with the last published version; and reverting to
a version (reverting opens the old version in the change form, where saving it is
an ordinary save with every rule of the form, and keeps a new version)."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from .. import history

CURRENT = "current"
PUBLISHED = "published"


class HistoryAdmin(VersionAdmin):
    history_latest_first = True
    object_history_template = "admin/statements/object_history.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record: it may have been deleted.")
        revision_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_revision"
        context = {
            "action_list": [
                {
                    "revision": version.revision,
                    "version_id": version.pk,
                    "url": reverse(revision_url, args=[quote(obj.pk), version.pk]),
                }
                for version in history.versions_of(obj)
            ],
            "compare_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_compare",
                args=[quote(object_id)],
            ),
            # A statement's status changes and review notes, beside its versions.
            "status_changes": getattr(obj, "status_changes", None),
            "has_published_version": "status" in history.tracked(self.model).fields
            and history.last_published_version(obj) is not None,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record: it may have been deleted.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        watched = history.tracked(self.model)
        versions = list(history.versions_of(obj))
        default_a = str(versions[1].pk) if len(versions) > 1 else CURRENT
        a, a_label = self.state_for(obj, watched, request.GET.get("a", default_a))
        b, b_label = self.state_for(obj, watched, request.GET.get("b", CURRENT))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": f"Compare versions of “{obj}”",
            "a_label": a_label,
            "b_label": b_label,
            "differences": list(history.differences(self.model, watched, a, b)),
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[quote(obj.pk)],
            ),
        }
        return TemplateResponse(
            request, "admin/statements/compare_versions.html", context
        )

    def state_for(self, obj, watched, choice):
        """The state ``choice`` names (a version id, ``current`` or ``published``),
        with a label saying what it is."""
        if choice == CURRENT:
            return history.snapshot(obj, watched), "Now"
        if choice == PUBLISHED:
            version = history.last_published_version(obj)
            if version is None:
                raise Http404(
                    "This record has never been published: compare two versions "
                    "from its history instead."
                )
            label = "Last published version"
        else:
            try:
                pk = int(choice)
            except ValueError:
                raise Http404("Choose versions from the history page.") from None
            version = get_object_or_404(
                history.versions_of(obj).model, pk=pk, object_id=str(obj.pk)
            )
            label = "Version"
        user = version.revision.user
        saved = version.revision.date_created
        label = f"{label} saved {saved:%Y-%m-%d %H:%M} by {user or 'an import'}"
        return history.version_snapshot(version, watched), label

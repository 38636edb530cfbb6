"""The review workflow in the admin: the buttons on a statement's own page (submit,
publish, send back with a note, withdraw, add a note), and the review queue, oldest
first, with each statement's note thread. The rules are ``publishing``'s."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import publishing
from ..models import StatusChange


class ReviewAdmin:
    """Mixed into the statement admin (before ``ModelAdmin``)."""

    change_form_template = "admin/statements/statement/change_form.html"
    change_list_template = "admin/statements/statement/change_list.html"

    def get_urls(self):
        return [
            path(
                "review-queue/",
                self.admin_site.admin_view(self.review_queue_view),
                name="statements_statement_review_queue",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="statements_statement_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        statement = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if statement is not None:
            context |= {
                "review_steps": publishing.transitions_for(request.user, statement),
                "review_thread": statement.status_changes.select_related("changed_by"),
                "review_url": reverse(
                    "admin:statements_statement_review", args=[quote(statement.pk)]
                ),
                "can_add_note": self.has_view_or_change_permission(request, statement),
            }
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(self, request, extra_context=None):
        context = {
            "review_queue_url": reverse("admin:statements_statement_review_queue"),
            "waiting_count": self.model.objects.filter(
                status=publishing.WAITING_FOR_EDITOR
            ).count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def review_view(self, request, object_id):
        """One workflow step (or a note) from the buttons on the statement's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        statement = self.get_object(request, unquote(object_id))
        if statement is None:
            raise Http404("No such statement: it may have been deleted.")
        if not self.has_view_or_change_permission(request, statement):
            raise PermissionDenied
        step = request.POST.get("step", "")
        note = request.POST.get("note", "")
        back = reverse("admin:statements_statement_change", args=[quote(statement.pk)])
        try:
            if step == "note":
                publishing.add_note(statement, request.user, note)
                done = "Note added to the review thread."
            else:
                publishing.transition(statement, request.user, step, note)
                done = f"“{statement}” is now {statement.get_status_display().lower()}."
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        except ValidationError as problem:
            self.message_user(request, " ".join(problem.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(back)

    def review_queue_view(self, request):
        """What waits for an editor, submitted longest ago first; and what waits for
        its author, sent back longest ago first. Each with its note thread."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied

        def waiting(status):
            return (
                self.model.objects.filter(status=status)
                .select_related("agency", "created_by")
                .annotate(
                    waiting_since=Coalesce(
                        Max(
                            "status_changes__changed_at",
                            filter=Q(status_changes__to_status=status),
                        ),
                        "updated_at",
                    )
                )
                .order_by("waiting_since", "pk")
            )

        queues = []
        for status, title in (
            (publishing.WAITING_FOR_EDITOR, "Waiting for an editor"),
            (publishing.WAITING_FOR_AUTHOR, "Sent back, waiting for the author"),
        ):
            statements = list(waiting(status))
            threads = {}
            for entry in StatusChange.objects.filter(
                statement__in=statements
            ).select_related("changed_by"):
                threads.setdefault(entry.statement_id, []).append(entry)
            for statement in statements:
                statement.thread = threads.get(statement.pk, [])
            queues.append({"title": title, "statements": statements})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review queue",
            "queues": queues,
        }
        return TemplateResponse(
            request, "admin/statements/statement/review_queue.html", context
        )

"""The statement list (filtered) and a statement's page."""

import json

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import View

from ..filters import StatementFilter
from ..models import Statement
from ..roles import sees_unpublished
from ..site_url import absolute_url, with_query
from .lists import FilteredListView, downloads


def order_choice_label(order):
    title = order.title if len(order.title) <= 48 else order.title[:46].rstrip() + "…"
    return f"{order.label}: {title}"


class StatementListView(FilteredListView):
    """The filtered list. Readers get ``published()``; staff get every statement,
    the staff-only filters and a never-cached page."""

    template_name = "statements/statement_list.html"
    filterset_class = StatementFilter
    context_object_name = "statements"

    def get_queryset(self):
        return Statement.objects.visible_to(self.request.user).as_cards(
            with_author=self.staff_view
        )

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.form.fields["order"].label_from_instance = order_choice_label
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, query = self.filterset, context["query"]
        valid = filterset.is_bound and filterset.is_valid()
        context |= {
            "selected_agency": filterset.form.cleaned_data.get("agency")
            if valid
            else None,
            "filter_description": filterset.describe() if valid else "",
            "staff_view": self.staff_view,
            "downloads": downloads(query, staff=self.staff_view),
            "feed_url": with_query(reverse("statements:statement-feed"), query),
            "canonical_query": query,
        }
        return context


def json_ld(data):
    """JSON for a ``<script type="application/ld+json">`` block: escaped the way
    ``json_script`` escapes, so no text in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )


class StatementDetailView(View):
    template_name = "statements/statement_detail.html"

    def get(self, request, slug):
        staff = sees_unpublished(request.user)
        statement = (
            Statement.objects.visible_to(request.user)
            .with_related()
            .with_corrections()
            .filter(slug=slug)
            .first()
        )
        if statement is None:
            return self.withdrawn_or_404(request, slug)
        positions = statement.position_list
        co_issuers = statement.co_issuer_list
        more = list(
            Statement.objects.published()
            .by_agency(statement.agency_id)
            .exclude(pk=statement.pk)
            .order_by("-issued_on", "-id")[:5]
        )
        url = absolute_url(statement.get_absolute_url())
        structured = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "url": url,
            "name": statement.headline,
            "description": statement.summary,
            "publisher": {"@type": "Organization", "name": "policytracker"},
            "mainEntity": {
                "@type": "CreativeWork",
                "name": statement.headline,
                "dateCreated": statement.issued_on.isoformat(),
                "author": [
                    {
                        "@type": "Organization",
                        "name": agency.name,
                        "url": absolute_url(agency.get_absolute_url()),
                    }
                    for agency in [statement.agency, *co_issuers]
                ],
                "about": [
                    {
                        "@type": "Legislation",
                        "name": position.order.title,
                        "legislationIdentifier": position.order.label,
                        "url": absolute_url(position.order.get_absolute_url()),
                    }
                    for position in positions
                    if position.order
                ],
            },
        }
        if statement.source_url:
            structured["mainEntity"]["sameAs"] = statement.source_url
        if statement.published_at:
            structured["datePublished"] = statement.published_at.isoformat()
        structured["dateModified"] = statement.updated_at.isoformat()
        context = {
            "statement": statement,
            "corrections": statement.correction_list,
            "positions": positions,
            "co_issuers": co_issuers,
            "more_statements": more,
            "json_ld": json_ld(structured),
            "permalink": url,
            "staff_view": staff,
            "is_preview": not statement.is_public,
            "feed_url": reverse(
                "statements:agency-feed", kwargs={"slug": statement.agency.slug}
            ),
        }
        response = render(request, self.template_name, context)
        if staff:
            add_never_cache_headers(response)
        return response

    def withdrawn_or_404(self, request, slug):
        """Readers who follow a link to a statement that was public and has been
        withdrawn learn that, and when (410 Gone); any other address is not found,
        so drafts stay unknown."""
        statement = (
            Statement.objects.withdrawn_publicly()
            .select_related("agency")
            .filter(slug=slug)
            .first()
        )
        if statement is None:
            raise Http404("No statement at this address.")
        return render(
            request,
            "statements/statement_withdrawn.html",
            {"statement": statement},
            status=410,
        )

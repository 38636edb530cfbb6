"""The statement list (filtered) and a statement's page."""

import json

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import View

from ..filters import StatementFilter
from ..models import Statement
from ..publishing import sees_unpublished
from .lists import absolute, downloads, paginate, query_without_page


def order_choice_label(order):
    title = order.title if len(order.title) <= 48 else order.title[:46].rstrip() + "…"
    return f"{order.label}: {title}"


class StatementListView(View):
    """The filtered list. Readers get ``published()``; staff get every statement,
    the staff-only filters and a never-cached page."""

    template_name = "statements/statement_list.html"

    def get(self, request):
        staff = sees_unpublished(request.user)
        base = Statement.objects.all() if staff else Statement.objects.published()
        filterset = StatementFilter(request.GET, queryset=base, request=request)
        filterset.form.fields["order"].label_from_instance = order_choice_label
        if filterset.is_valid():
            statements = filterset.qs.with_related()
        else:
            # A bad value narrows to nothing rather than being quietly ignored:
            # the reader sees the error and an empty list, never the unfiltered one.
            statements = base.none()
        if staff:
            statements = statements.select_related("created_by")
        page_obj = paginate(request, statements)
        query = query_without_page(request.GET)
        agency = (
            filterset.form.cleaned_data.get("agency") if filterset.is_valid() else None
        )
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "statements": page_obj.object_list,
            "is_filtered": bool(filterset.active_filters) or not filterset.is_valid(),
            "selected_agency": agency,
            "staff_view": staff,
            "downloads": downloads(query, staff=staff),
            "feed_url": reverse("statements:statement-feed")
            + (f"?{query}" if query else ""),
            "canonical_query": query,
        }
        response = render(request, self.template_name, context)
        if staff:
            add_never_cache_headers(response)
        return response


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
        base = Statement.objects.all() if staff else Statement.objects.published()
        statement = get_object_or_404(base.with_related(), slug=slug)
        positions = list(statement.positions.all())
        co_issuers = list(statement.co_issuers.all())
        more = list(
            Statement.objects.published()
            .filter(agency=statement.agency_id)
            .exclude(pk=statement.pk)
            .order_by("-issued_on", "-id")[:5]
        )
        url = absolute(statement.get_absolute_url())
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
                        "url": absolute(agency.get_absolute_url()),
                    }
                    for agency in [statement.agency, *co_issuers]
                ],
                "about": [
                    {
                        "@type": "Legislation",
                        "name": position.order.title,
                        "legislationIdentifier": position.order.label,
                        "url": absolute(position.order.get_absolute_url()),
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

"""The public site. Every page starts from ``Statement.objects.published()`` (or
``Position.objects.published()`` for counts and charts); a FilterSet only narrows it.
Signed-in staff may also see unpublished statements, on pages that are never cached."""

import json
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connections
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.decorators.cache import never_cache

from . import charts
from .choices import (
    US_STATES,
    AgencyKind,
    AgreementModel,
    AgreementStatus,
    JurisdictionLevel,
    MandateView,
    OrderKind,
    OrderStatus,
    Stance,
    StatementKind,
    Topic,
)
from .filters import AgencyFilter, StatementFilter
from .models import Agency, Agreement, Order, Position, Statement
from .publishing import sees_unpublished
from .querysets import (
    AGREEMENT_CAPABLE_KINDS,
)

PER_PAGE = 50


def paginate(request, queryset, per_page=PER_PAGE):
    # get_page() turns a bad or out-of-range page number into the nearest page
    # rather than an error: links with stale page numbers still land somewhere.
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(query_dict):
    """The filters of a list as a query string, without the page and empty fields
    (a submitted form sends every field, filled or not)."""
    query = query_dict.copy()
    query.pop("page", None)
    for name in list(query):
        values = [value for value in query.getlist(name) if value]
        if values:
            query.setlist(name, values)
        else:
            del query[name]
    return query.urlencode()


def downloads(query, staff=False):
    """Addresses of the CSV and JSON downloads of a statement list with ``query``.
    Staff also get the same downloads with unpublished rows, which the export only
    includes when asked (``include_unpublished=1``)."""
    suffix = f"?{query}" if query else ""
    links = {
        "csv": reverse("statements:statement-export-csv") + suffix,
        "json": reverse("statements:statement-export-json") + suffix,
    }
    if staff:
        joiner = "&" if query else "?"
        for kind in ("csv", "json"):
            links[f"{kind}_unpublished"] = f"{links[kind]}{joiner}include_unpublished=1"
    return links


def absolute(path):
    return settings.SITE_URL + path


def statements_per_year(statements):
    rows = (
        statements.order_by()
        .annotate(year=ExtractYear("issued_on"))
        .values("year")
        .annotate(n=Count("id"))
    )
    return {row["year"]: row["n"] for row in rows}


def map_rows():
    """Per state: listed agreements, agencies holding them, and the stance mix of
    public statements by agencies of that state."""
    rows = defaultdict(lambda: {"agreements": 0, "agencies": 0, "stances": {}})
    for row in Agreement.objects.currently_listed().counts_by_state():
        if row["state"]:
            rows[row["state"]]["agreements"] = row["total"]
    holders = (
        Agency.objects.holding_agreements()
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
    )
    for row in holders:
        if row["state"]:
            rows[row["state"]]["agencies"] = row["n"]
    stances = (
        Position.objects.published()
        .exclude(statement__agency__state="")
        .order_by()
        .values("statement__agency__state", "stance")
        .annotate(n=Count("id"))
    )
    for row in stances:
        state = row["statement__agency__state"]
        rows[state]["stances"][Stance(row["stance"])] = row["n"]
    return dict(rows)


class HomeView(View):
    template_name = "statements/home.html"

    def get(self, request):
        public = Statement.objects.published()
        orders = list(
            Order.objects.filter(
                Exists(Position.objects.published().filter(order=OuterRef("pk")))
            )
        )
        counts = Position.objects.published().statement_counts_by_order("stance")
        for order in orders:
            order.stance_counts = charts.ordered_stances(counts[order.pk])
            order.stance_chart = charts.stance_bar(
                counts[order.pk], label=f"Stances on {order.label}"
            )
        states = map_rows()
        listed = Agreement.objects.currently_listed()
        context = {
            "statement_count": public.count(),
            "agency_count": Agency.objects.filter(
                Exists(public.filter(agency=OuterRef("pk")))
            ).count(),
            "agreement_count": listed.count(),
            "holder_count": Agency.objects.holding_agreements().count(),
            "diverging_count": Agency.objects.words_against_deeds().count(),
            "latest_statements": public.with_related()[:10],
            "orders": orders,
            "timeline_chart": charts.timeline(statements_per_year(public)),
            "tile_map": charts.tile_map(
                states,
                link=lambda code: f"{reverse('statements:agency-list')}?state={code}",
            ),
            "map_table": [
                (
                    code,
                    US_STATES[code],
                    states[code],
                    charts.ordered_stances(states[code]["stances"]),
                )
                for code in sorted(states, key=lambda code: US_STATES[code])
            ],
            "map_legend": charts.map_legend(),
            "feed_url": reverse("statements:statement-feed"),
        }
        return render(request, self.template_name, context)


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


class AgencyListView(View):
    template_name = "statements/agency_list.html"

    def get(self, request):
        base = (
            Agency.objects.with_current_stance()
            .with_listed_agreements()
            .order_by("name", "pk")
        )
        filterset = AgencyFilter(request.GET, queryset=base, request=request)
        agencies = filterset.qs if filterset.is_valid() else base.none()
        page_obj = paginate(request, agencies)
        query = query_without_page(request.GET)
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "agencies": page_obj.object_list,
            "export_url": "/agencies/export.csv" + (f"?{query}" if query else ""),
            "is_filtered": any(request.GET.get(name) for name in filterset.filters)
            or not filterset.is_valid(),
        }
        return render(request, self.template_name, context)


def stance_timeline(statements):
    """The agency's statements, oldest first, each with the positions whose stance
    differs from the one it last took on the same order or topic."""
    last = {}
    entries = []
    for statement in statements:
        changes = []
        for position in statement.positions.all():
            key = position.order_id or position.topic
            previous = last.get(key)
            if previous and previous.stance != position.stance:
                changes.append((previous, position))
            last[key] = position
        entries.append({"statement": statement, "changes": changes})
    return entries


def divergence(agency, statements, agreements):
    """What the agency says beside what it holds, when the two pull apart; or None."""
    kind = agency.divergence
    if not kind:
        return None
    listed = [a for a in agreements if a.status == AgreementStatus.LISTED]
    # The statement that carries the current stance, for a dated link.
    source = None
    for statement in reversed(statements):
        if any(
            p.stance == agency.current_stance
            or (p.mandate_view == agency.current_mandate_view and p.mandate_view)
            for p in statement.positions.all()
        ):
            source = statement
            break
    return {
        "kind": kind,
        "stance": Stance(agency.current_stance) if agency.current_stance else None,
        "mandate_view": MandateView(agency.current_mandate_view)
        if agency.current_mandate_view
        else None,
        "statement": source,
        "listed": listed,
        "no_longer_listed": [
            a for a in agreements if a.status != AgreementStatus.LISTED
        ],
    }


class AgencyDetailView(View):
    template_name = "statements/agency_detail.html"

    def get(self, request, slug):
        agency = get_object_or_404(
            Agency.objects.with_divergence().with_listed_agreements(), slug=slug
        )
        statements = list(
            Statement.objects.published()
            .filter(Q(agency=agency) | Q(co_issuers=agency))
            .distinct()
            .with_related()
            .order_by("issued_on", "id")
        )
        agreements = list(agency.agreements.order_by("signed_on", "model"))
        requests = list(agency.agreement_requests.filter(status="pending"))
        query = f"agency={agency.slug}"
        context = {
            "agency": agency,
            "timeline": stance_timeline(statements),
            "statements": statements,
            "agreements": agreements,
            "agreement_requests": requests,
            "divergence": divergence(agency, statements, agreements),
            "can_hold_agreements": agency.kind in AGREEMENT_CAPABLE_KINDS,
            "current_stance": Stance(agency.current_stance)
            if agency.current_stance
            else None,
            "downloads": downloads(query),
            "list_url": f"{reverse('statements:statement-list')}?{query}",
            "feed_url": reverse("statements:agency-feed", kwargs={"slug": agency.slug}),
        }
        return render(request, self.template_name, context)


class OrderListView(View):
    template_name = "statements/order_list.html"

    def get(self, request):
        orders = list(Order.objects.select_related("replaced_by"))
        positions = Position.objects.published()
        counts = positions.statement_counts_by_order("stance")
        statement_counts = positions.filter(order__isnull=False).statement_counts(
            "order"
        )
        for order in orders:
            order.statement_count = statement_counts.get(order.pk, 0)
            order.stance_counts = charts.ordered_stances(counts[order.pk])
            order.stance_chart = charts.stance_bar(
                counts[order.pk], label=f"Stances on {order.label}"
            )
        return render(request, self.template_name, {"orders": orders})


def lineage(order, all_orders):
    """Every order linked to ``order`` through ``replaced_by``, in either direction,
    oldest first: the chain of orders that revoked or replaced one another."""
    by_id = {o.pk: o for o in all_orders}
    replaces = defaultdict(list)
    for o in all_orders:
        if o.replaced_by_id:
            replaces[o.replaced_by_id].append(o)
    seen, todo = set(), [order.pk]
    while todo:
        pk = todo.pop()
        if pk in seen or pk not in by_id:
            continue
        seen.add(pk)
        current = by_id[pk]
        if current.replaced_by_id:
            todo.append(current.replaced_by_id)
        todo.extend(o.pk for o in replaces[pk])
    chain = [by_id[pk] for pk in seen]
    for o in chain:
        o.replaced_by_in_chain = by_id.get(o.replaced_by_id)
    return sorted(chain, key=lambda o: (o.signed_on is None, o.signed_on, o.pk))


class OrderDetailView(View):
    template_name = "statements/order_detail.html"

    def get(self, request, slug):
        all_orders = list(Order.objects.all())
        order = next((o for o in all_orders if o.slug == slug), None)
        if order is None:
            raise Http404("No order at this address.")
        by_id = {o.pk: o for o in all_orders}
        replaced_by = by_id.get(order.replaced_by_id)
        replaces = [o for o in all_orders if o.replaced_by_id == order.pk]
        positions = Position.objects.published().filter(order=order).order_by()
        counts = positions.statement_counts("stance")
        mandate_counts = [
            (MandateView(value), n)
            for value, n in sorted(positions.statement_counts("mandate_view").items())
        ]
        statements = (
            Statement.objects.published()
            .filter(
                Exists(Position.objects.filter(statement=OuterRef("pk"), order=order))
            )
            .with_related()
        )
        page_obj = paginate(request, statements)
        query = f"order={order.slug}"
        context = {
            "order": order,
            "replaced_by": replaced_by,
            "replaces": replaces,
            "lineage": lineage(order, all_orders) if replaced_by or replaces else [],
            "stance_counts": charts.ordered_stances(counts),
            "stance_chart": charts.stance_bar(
                counts, label=f"Stances on {order.label}"
            ),
            "mandate_counts": mandate_counts,
            "page_obj": page_obj,
            "statements": page_obj.object_list,
            "downloads": downloads(query),
            "list_url": f"{reverse('statements:statement-list')}?{query}",
            "feed_url": reverse("statements:order-feed", kwargs={"slug": order.slug}),
        }
        return render(request, self.template_name, context)


class AboutView(View):
    template_name = "statements/about.html"

    def get(self, request):
        def plain(choices):
            return [(value, label, "") for value, label in choices.choices]

        context = {
            "codebook": [
                ("stance", "Stance", Stance.described()),
                ("mandate-view", "Mandate view", MandateView.described()),
                ("topic", "Topic", Topic.described()),
                ("agency-kind", "Kind of agency", AgencyKind.described()),
                ("agreement-model", "287(g) model", AgreementModel.described()),
                ("jurisdiction", "Jurisdiction level", plain(JurisdictionLevel)),
                ("statement-kind", "Kind of statement", plain(StatementKind)),
                ("order-kind", "Kind of order", plain(OrderKind)),
                ("order-status", "Status of an order", plain(OrderStatus)),
            ],
        }
        return render(request, self.template_name, context)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /staff/",
        f"Sitemap: {request.build_absolute_uri(reverse('statements:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for the load
    balancer and uptime checks)."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return HttpResponse(
            f"database unavailable: {type(error).__name__}\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")

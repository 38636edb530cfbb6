"""Atom feeds of public statements: the whole list (with the list's filters), one
order, one agency. Every feed starts from ``Statement.objects.published()``, and
every address in a feed is on the public site (``DJANGO_SITE_URL``)."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from .filters import StatementFilter
from .models import Agency, Order, Statement
from .site_url import absolute_url, with_query

FEED_LENGTH = 50


class InvalidFilter(Exception):
    pass


class StatementFeed(Feed):
    """What every statement feed shares: entries, their dates, authors and categories.
    Links are absolute already, so Django does not prefix the request's host."""

    feed_type = Atom1Feed

    def item_title(self, statement):
        return statement.headline

    def item_description(self, statement):
        # Atom sends the description as <summary type="html">: readers render it as
        # HTML, so every text typed in the admin (summary, order label) is escaped
        # here, once, before the XML writer escapes it again for transport.
        stances = "; ".join(
            f"{position.get_stance_display()} ({position.order.label if position.order else position.get_topic_display()})"
            for position in statement.position_list
        )
        text = (
            f"{statement.summary}\n\nStance: {stances}"
            if stances
            else statement.summary
        )
        return linebreaks(text, autoescape=True)

    def item_link(self, statement):
        return absolute_url(statement.get_absolute_url())

    def item_guid(self, statement):
        return absolute_url(statement.get_absolute_url())

    def item_pubdate(self, statement):
        return statement.published_at

    def item_updateddate(self, statement):
        return statement.updated_at

    def item_author_name(self, statement):
        return statement.agency.name

    def item_author_link(self, statement):
        return absolute_url(statement.agency.get_absolute_url())

    def item_categories(self, statement):
        categories = []
        for position in statement.position_list:
            categories.append(position.get_stance_display())
            if position.order:
                categories.append(position.order.label)
        return list(dict.fromkeys(categories))


class LatestStatementsFeed(StatementFeed):
    """The newest public statements, narrowed by the same query parameters as the
    ``/statements/`` list (``?order=eo-13768&stance=opposes`` and so on)."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as error:
            return HttpResponseBadRequest(
                f"This feed cannot be made with these filters. {error}\n",
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request):
        # staff=False: a feed is public even when a signed-in editor fetches it.
        filterset = StatementFilter(
            request.GET, queryset=Statement.objects.published(), staff=False
        )
        if not filterset.is_valid():
            raise InvalidFilter(filterset.error_message()[0])
        query = request.GET.copy()
        query.pop("page", None)
        filterset.query_string = query.urlencode()
        return filterset

    def title(self, filterset):
        described = filterset.describe()
        if described:
            return f"policytracker: statements ({described})"
        return "policytracker: latest statements"

    def subtitle(self, filterset):
        return "What law-enforcement agencies say about immigration-enforcement orders."

    def link(self, filterset):
        return absolute_url(
            with_query(reverse("statements:statement-list"), filterset.query_string)
        )

    def feed_url(self, filterset):
        return absolute_url(
            with_query(reverse("statements:statement-feed"), filterset.query_string)
        )

    def items(self, filterset):
        return filterset.qs.as_feed_entries()[:FEED_LENGTH]


class OrderStatementsFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Order, slug=slug)

    def title(self, order):
        return f"policytracker: statements on {order.label}"

    def subtitle(self, order):
        return f"What agencies say about {order}."

    def link(self, order):
        return absolute_url(order.get_absolute_url())

    def feed_url(self, order):
        return absolute_url(
            reverse("statements:order-feed", kwargs={"slug": order.slug})
        )

    def items(self, order):
        return (
            Statement.objects.published()
            .about_order(order)
            .as_feed_entries()
            .order_by("-issued_on", "-id")[:FEED_LENGTH]
        )


class AgencyStatementsFeed(StatementFeed):
    def __call__(self, request, *args, **kwargs):
        # A merged or renamed agency's old feed address leads to its feed now.
        agency = Agency.objects.at_address(kwargs["slug"])
        if agency is None:
            raise Http404("No agency at this address.")
        if agency.slug != kwargs["slug"]:
            return HttpResponsePermanentRedirect(
                reverse("statements:agency-feed", kwargs={"slug": agency.slug})
            )
        # One feed object serves every request: the agency goes with the request.
        request.feed_agency = agency
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        return request.feed_agency

    def title(self, agency):
        return f"policytracker: statements by {agency.name}"

    def subtitle(self, agency):
        return f"Public statements issued or co-issued by {agency.name}."

    def link(self, agency):
        return absolute_url(agency.get_absolute_url())

    def feed_url(self, agency):
        return absolute_url(
            reverse("statements:agency-feed", kwargs={"slug": agency.slug})
        )

    def items(self, agency):
        return (
            Statement.objects.published()
            .by_agency(agency)
            .as_feed_entries()
            .order_by("-issued_on", "-id")[:FEED_LENGTH]
        )

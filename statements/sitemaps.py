"""The sitemap: public statements, every agency and order, and the fixed pages."""

from django.contrib import sitemaps
from django.urls import reverse

from .models import Agency, Order, Statement
from .site_url import site_domain, site_protocol


class SiteSitemap(sitemaps.Sitemap):
    """Addresses on the public site (``DJANGO_SITE_URL``), whatever host the
    sitemap was requested on."""

    def get_domain(self, site=None):
        return site_domain()

    def get_protocol(self, protocol=None):
        return site_protocol()


class StatementSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Statement.objects.published()
            .order_by("-issued_on", "-id")
            .only("slug", "updated_at", "issued_on")
        )

    def lastmod(self, statement):
        return statement.updated_at


class AgencySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Agency.objects.order_by("name", "pk").only("slug", "updated_at")

    def lastmod(self, agency):
        return agency.updated_at


class OrderSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Order.objects.order_by("-signed_on", "pk").only("slug", "updated_at")

    def lastmod(self, order):
        return order.updated_at


class PageSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return [
            "statements:home",
            "statements:statement-list",
            "statements:agency-list",
            "statements:order-list",
            "statements:coverage",
            "statements:not-heard-list",
            "statements:list-changes",
            "statements:about",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "statements": StatementSitemap,
    "orders": OrderSitemap,
    "agencies": AgencySitemap,
}

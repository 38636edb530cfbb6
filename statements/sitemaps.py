"""The sitemap: public statements, every agency and order, and the fixed pages.

``/sitemap.xml`` is an index of the sections' pages (``/sitemap-statements.xml``,
``?p=2`` and on): a section holds at most ``limit`` addresses a page, and a single
sitemap showed only the first page of each, so crawlers never saw past the 5,000
newest statements."""

from django.contrib import sitemaps
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import Agency, Order, Statement
from .site_url import absolute_url, site_domain, site_protocol


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


@x_robots_tag
def index(request):
    """Every page of every section, on the public site's address (Django's own
    index names the host the request came to)."""
    pages = []
    for section, sitemap in SITEMAPS.items():
        location = absolute_url(
            reverse("statements:sitemap-section", kwargs={"section": section})
        )
        pages.append(SitemapIndexItem(location, None))
        pages.extend(
            SitemapIndexItem(f"{location}?p={number}", None)
            for number in range(2, sitemap().paginator.num_pages + 1)
        )
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": pages},
        content_type="application/xml",
    )

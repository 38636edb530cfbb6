"""The sitemap: public statements, every agency and order, and the fixed pages.

``/sitemap.xml`` is an index of the sections' pages (``/sitemap-statements.xml``,
``?p=2`` and on): a section holds at most ``limit`` addresses a page, and a single
sitemap showed only the first page of each, so crawlers never saw past the 5,000
newest statements."""

import datetime

from django.contrib import sitemaps
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.timezone import localtime

from .models import Agency, Order, Statement
from .pagination import CountedOncePaginator
from .site_url import absolute_url, site_domain, site_protocol


class SiteSitemap(sitemaps.Sitemap):
    """Addresses on the public site (``DJANGO_SITE_URL``), whatever host the
    sitemap was requested on."""

    def get_domain(self, site=None):
        return site_domain()

    def get_protocol(self, protocol=None):
        return site_protocol()

    @property
    def paginator(self):
        """Django's, with the count kept per version of the record, as the lists
        keep theirs (counting the public statements took SQLite 130 ms at 100,000
        statements, for the index and again for every page), and each page read
        by its ids first (page 99 took 140 ms, reading every row it skipped)."""
        return CountedOncePaginator(
            self._items(),
            self.limit,
            count_key=f"sitemap:{type(self).__name__}",
            ids_first=True,
        )


class StatementSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 1000

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
    limit = 1000

    def items(self):
        # By id, which needs no index walk to reach a deep page (crawlers need
        # no alphabetical order).
        return Agency.objects.order_by("pk").only("slug", "updated_at")

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


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _url_element(url):
    """One address as Django's sitemap.xml template writes it (no alternates: the
    site has one language)."""
    lastmod = url["lastmod"]
    if isinstance(lastmod, datetime.datetime):
        lastmod = localtime(lastmod)
    return "".join(
        (
            f"<url><loc>{escape(url['location'])}</loc>",
            f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else "",
            f"<changefreq>{escape(url['changefreq'])}</changefreq>"
            if url["changefreq"]
            else "",
            f"<priority>{escape(url['priority'])}</priority>"
            if url["priority"]
            else "",
            "</url>",
        )
    )


@x_robots_tag
def section(request, section):
    """A page of one section: Django's sitemap view, but written here rather than
    by its template, which took three quarters of a 5,000-address page's time."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap available for section: {section!r}")
    sitemap = SITEMAPS[section]()
    page = request.GET.get("p", 1)
    try:
        urls = sitemap.get_urls(page=page)
    except EmptyPage as error:
        raise Http404(f"Page {page} empty") from error
    except PageNotAnInteger as error:
        raise Http404(f"No page '{page}'") from error
    latest = getattr(sitemap, "latest_lastmod", None)
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    body = "".join(_url_element(url) for url in urls)
    return HttpResponse(
        f"{URLSET_START}{body}\n</urlset>\n",
        content_type="application/xml",
        headers=headers,
    )

from django.urls import path

from . import feeds, sitemaps
from .views import (
    agencies,
    corrections,
    coverage,
    downloads,
    home,
    list_changes,
    orders,
    pages,
    staff,
)
from .views import statements as statement_pages

app_name = "statements"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # Downloads and the staff desk (issue 4): before the slug routes, by habit.
    path(
        "statements/export.csv",
        downloads.statement_export,
        {"extension": "csv"},
        name="statement-export-csv",
    ),
    path(
        "statements/export.json",
        downloads.statement_export,
        {"extension": "json"},
        name="statement-export-json",
    ),
    path("agencies/export.csv", downloads.agency_export, name="agency-export-csv"),
    path(
        "orders/export.csv",
        downloads.table_export,
        {"kind": "orders"},
        name="order-export-csv",
    ),
    path(
        "agreements/export.csv",
        downloads.table_export,
        {"kind": "agreements"},
        name="agreement-export-csv",
    ),
    path(
        "coverage/not-heard.csv",
        downloads.not_heard_export,
        name="not-heard-export-csv",
    ),
    path("staff/orders/", staff.order_overview, name="staff-order-overview"),
    # The public site (issue 3).
    path(
        "statements/",
        statement_pages.StatementListView.as_view(),
        name="statement-list",
    ),
    path("statements/feed/", feeds.LatestStatementsFeed(), name="statement-feed"),
    path(
        "statements/<slug:slug>/",
        statement_pages.StatementDetailView.as_view(),
        name="statement-detail",
    ),
    path("corrections/", corrections.correction_list, name="correction-list"),
    path("corrections/feed/", corrections.CorrectionFeed(), name="correction-feed"),
    path("agencies/", agencies.AgencyListView.as_view(), name="agency-list"),
    path(
        "agencies/<slug:slug>/",
        agencies.AgencyDetailView.as_view(),
        name="agency-detail",
    ),
    path(
        "agencies/<slug:slug>/feed/",
        feeds.AgencyStatementsFeed(),
        name="agency-feed",
    ),
    path("orders/", orders.OrderListView.as_view(), name="order-list"),
    path("orders/<slug:slug>/", orders.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<slug:slug>/feed/", feeds.OrderStatementsFeed(), name="order-feed"),
    path("coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path(
        "coverage/not-heard/",
        coverage.NotHeardListView.as_view(),
        name="not-heard-list",
    ),
    path(
        "agreements/changes/",
        list_changes.ListChangesView.as_view(),
        name="list-changes",
    ),
    path(
        "agreements/changes/<str:listed_on>/",
        list_changes.ListChangesView.as_view(),
        name="list-changes-on",
    ),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("healthz", pages.healthz, name="healthz"),
]

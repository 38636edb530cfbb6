from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import export_views, feeds, staff_views, views
from .sitemaps import SITEMAPS

app_name = "statements"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Downloads and the staff desk (issue 4): before the slug routes, by habit.
    path(
        "statements/export.csv",
        export_views.statement_export,
        {"extension": "csv"},
        name="statement-export-csv",
    ),
    path(
        "statements/export.json",
        export_views.statement_export,
        {"extension": "json"},
        name="statement-export-json",
    ),
    path("agencies/export.csv", export_views.agency_export, name="agency-export-csv"),
    path(
        "orders/export.csv",
        export_views.table_export,
        {"kind": "orders"},
        name="order-export-csv",
    ),
    path(
        "agreements/export.csv",
        export_views.table_export,
        {"kind": "agreements"},
        name="agreement-export-csv",
    ),
    path("staff/orders/", staff_views.order_overview, name="staff-order-overview"),
    # The public site (issue 3).
    path("statements/", views.StatementListView.as_view(), name="statement-list"),
    path("statements/feed/", feeds.LatestStatementsFeed(), name="statement-feed"),
    path(
        "statements/<slug:slug>/",
        views.StatementDetailView.as_view(),
        name="statement-detail",
    ),
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    path(
        "agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency-detail"
    ),
    path(
        "agencies/<slug:slug>/feed/",
        feeds.AgencyStatementsFeed(),
        name="agency-feed",
    ),
    path("orders/", views.OrderListView.as_view(), name="order-list"),
    path("orders/<slug:slug>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<slug:slug>/feed/", feeds.OrderStatementsFeed(), name="order-feed"),
    path("about/", views.AboutView.as_view(), name="about"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
]

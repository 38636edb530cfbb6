from django.urls import path

from . import export_views, staff_views, views

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
    path(
        "agencies/export.csv",
        export_views.table_export,
        {"kind": "agencies"},
        name="agency-export-csv",
    ),
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
    path(
        "statements/<slug:slug>/",
        views.StatementDetailView.as_view(),
        name="statement-detail",
    ),
    path(
        "agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency-detail"
    ),
    path("orders/<slug:slug>/", views.OrderDetailView.as_view(), name="order-detail"),
]

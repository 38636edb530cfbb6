from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
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

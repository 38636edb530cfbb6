from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views as api

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("statements", api.StatementViewSet, basename="statement")
router.register("agencies", api.AgencyViewSet, basename="agency")
router.register("orders", api.OrderViewSet, basename="order")
router.register("agreements", api.AgreementViewSet, basename="agreement")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # The split view loads its start-up script from a file, not inline, so the
        # page works under the site's Content Security Policy.
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    # Anything else ending in a slash; addresses without one are first redirected
    # to it by CommonMiddleware, then land here.
    re_path(r"^(?P<path>.*/)$", api.not_found),
]

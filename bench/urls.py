from django.http import HttpResponse
from django.urls import path

from policytracker.urls import urlpatterns as site_urlpatterns


def bare(request):
    """No database, no template: what the framework itself costs a request."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]

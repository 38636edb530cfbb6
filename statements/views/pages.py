"""Pages without data of their own: about and codebook, robots.txt, health check."""

from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import never_cache

from ..choices import CODEBOOK
from ..site_url import absolute_url


class AboutView(View):
    template_name = "statements/about.html"

    def get(self, request):
        context = {
            "codebook": [
                (anchor, title, choices.described())
                for anchor, title, choices in CODEBOOK
            ],
        }
        return render(request, self.template_name, context)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /staff/",
        f"Sitemap: {absolute_url(reverse('statements:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for the load
    balancer and uptime checks)."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return HttpResponse(
            f"database unavailable: {type(error).__name__}\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")

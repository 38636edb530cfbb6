"""Who a sign-in attempt comes from, for the sign-in throttle (django-axes)."""

from django.conf import settings
from django.shortcuts import render


def client_address(request):
    """The address that sent the request. Behind our TLS proxy
    (``DJANGO_BEHIND_TLS_PROXY``) every request arrives from the proxy, so the
    address is the last one in ``X-Forwarded-For``: the one the proxy itself added.
    Earlier entries are whatever the client chose to send and are not trusted."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """The page a refused sign-in gets: why, how long to wait, and how an editor
    unlocks the account at once."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": username,
    }
    return render(
        request,
        "admin/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )

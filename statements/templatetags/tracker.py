"""Small template helpers of the public site. None of them touches the database."""

from django import template
from django.conf import settings

from statements.choices import MandateView, Stance

register = template.Library()


@register.filter
def absolute(path):
    """The address of ``path`` on the public site, for canonical links and citations."""
    return settings.SITE_URL + str(path)


@register.simple_tag(takes_context=True)
def canonical_url(context, query=""):
    """The page's one public address. Works without a request (the 500 page)."""
    request = context.get("request")
    if request is None:
        return settings.SITE_URL + "/"
    return settings.SITE_URL + request.path + (f"?{query}" if query else "")


@register.filter
def stance_label(value):
    try:
        return Stance(value).label
    except ValueError:
        return ""


@register.filter
def mandate_label(value):
    try:
        return MandateView(value).label
    except ValueError:
        return ""

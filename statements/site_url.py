"""The site's public address (``DJANGO_SITE_URL``) for every absolute link the site
gives out: canonical links, citations, structured data, feeds, the sitemap,
robots.txt and the API. Never the request's Host header, which the client chooses."""

import functools
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse


def absolute_url(path):
    """``path`` (``/agencies/iacp/``) on the public site; full addresses unchanged."""
    path = str(path)
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def on_site(url):
    """``url`` (built by a library from the request) with the public site's scheme
    and host instead of the request's; None stays None."""
    if url is None:
        return None
    parts = urlsplit(str(url))
    site = urlsplit(settings.SITE_URL)
    path = site.path.rstrip("/") + parts.path
    return urlunsplit((site.scheme, site.netloc, path, parts.query, parts.fragment))


def with_query(path, query):
    """``path?query``, or just ``path`` when there is no query."""
    return f"{path}?{query}" if query else path


def site_domain():
    """The host (and port) of the public site, for Django's sitemap framework."""
    return urlsplit(settings.SITE_URL).netloc


def site_protocol():
    return urlsplit(settings.SITE_URL).scheme or "https"


SLUG_PLACEHOLDER = "slug-placeholder-0"


@functools.cache
def _path_template(viewname, prefix):
    return reverse(viewname, kwargs={"slug": SLUG_PLACEHOLDER})


def path_for(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})``, reversed once per route rather
    than for every card of every list (reverse was a sixth of a list page)."""
    return _path_template(viewname, get_script_prefix()).replace(SLUG_PLACEHOLDER, slug)


def path_maker(viewname):
    """``path_for`` for many slugs of one route (a download's rows): the route and
    the script prefix are looked up once, not for every row."""
    template = _path_template(viewname, get_script_prefix())
    return lambda slug: template.replace(SLUG_PLACEHOLDER, slug)


def _forget_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _path_template.cache_clear()


setting_changed.connect(_forget_paths)

"""Every address of the site, taken from the URL configuration and filled in.

The fuzz tests (test_fuzz_routes.py) and the leak walk (test_public_no_leak.py) start
from here, so a route added tomorrow is tried by both without anyone listing it. A
route whose parameters this module cannot fill makes those tests fail, naming it:
teach ``fill`` about it then.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from statements.models import ListSnapshot

# Routes only signed-in staff may use: anonymous readers are sent to the login page
# (or refused), never served.
LOGIN_PREFIXES = ("/admin/", "/staff/")
# Signed-out pages of the admin itself, which anyone may open.
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/")

ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "/statements/<slug:slug>/"
    name: str  # "namespace:name", or the template when the route has no name
    parameters: tuple
    view: object

    @property
    def needs_login(self):
        return (
            self.template.startswith(LOGIN_PREFIXES)
            and self.template not in OPEN_ADMIN_PATHS
        )

    @property
    def kind(self):
        """The model a public or API route shows, from its name (``agency-feed``)."""
        return self.name.split(":")[-1].split("-")[0]


def _patterns(patterns, prefix, namespace):
    for entry in patterns:
        text = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            text = text.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _patterns(
                entry.url_patterns, prefix + text, entry.namespace or namespace
            )
        elif isinstance(entry, URLPattern):
            template = "/" + prefix + text
            parameters = tuple(
                REGEX_PARAMETER.findall(template)
                + ROUTE_PARAMETER.findall(REGEX_PARAMETER.sub("", template))
            )
            name = f"{namespace}:{entry.name}" if entry.name else template
            yield Route(template, name, parameters, entry.callback)


def all_routes():
    """Every route of the site, once each (the admin declares a few twice)."""
    seen = {}
    for route in _patterns(get_resolver().url_patterns, "", None):
        seen.setdefault(route.template, route)
    return list(seen.values())


def public_routes():
    return [route for route in all_routes() if not route.needs_login]


def login_routes():
    return [route for route in all_routes() if route.needs_login]


class CannotFill(LookupError):
    pass


def _value(route, parameter, records):
    """The value of one parameter: a real slug or id from ``records`` (a mapping of
    model name to the record to show: ``{"statement": ..., "agency": ...}``)."""
    if parameter == "app_label":
        return "statements"
    if parameter in ("url", "path"):
        # The catch-all routes: an address nothing else answers.
        return "no-such-page/"
    if parameter == "content_type_id":
        return str(ContentType.objects.get_for_model(records["statement"]).pk)
    if route.template.startswith("/admin/r/") and parameter == "object_id":
        return str(records["statement"].pk)  # "view on site" of a statement
    if route.template.startswith("/admin/"):
        match = re.match(r"/admin/(\w+)/(\w+)/", route.template)
        if match and parameter in ("object_id", "id"):
            model = apps.get_model(match.group(1), match.group(2))
            record = records.get(model._meta.model_name) or model.objects.first()
            if record is not None:
                return str(record.pk)
    if parameter == "section":  # a section of the sitemap: the statements
        return "statements"
    if parameter == "listed_on":
        snapshot = records.get("listsnapshot") or ListSnapshot.objects.first()
        # With no list imported, a well-formed date (the page answers 404).
        return snapshot.listed_on.isoformat() if snapshot else "2025-07-18"
    record = records.get(route.kind)
    if record is not None and parameter == "slug":
        return record.slug
    if record is not None and parameter in ("pk", "id"):
        return str(record.pk)
    raise CannotFill(
        f"Route {route.name} ({route.template}): no value for <{parameter}>. "
        "Teach tests/routes.py how to fill it, so that the fuzz tests and the leak "
        "walk reach the new route."
    )


def fill(route, records):
    """The route's address with each parameter replaced by a real value; checked
    to resolve back to the same route."""
    values = {name: _value(route, name, records) for name in route.parameters}
    url = REGEX_PARAMETER.sub(lambda m: values[m.group(1)], route.template)
    url = ROUTE_PARAMETER.sub(lambda m: values[m.group(1)], url)
    # An unnamed number (django-reversion's recover/<version id>/): any id will do
    # for the checks made here, which ask only that the route never fails.
    url = url.replace(r"(\d+)", "1")
    if "([^/]+)" in url:  # its object, in django-reversion's revision route
        url = url.replace("([^/]+)", _value(route, "object_id", records))
    assert resolve(url).func == route.view, f"{url} does not lead to {route.name}"
    return url

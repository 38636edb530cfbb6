"""The site's own start-up guard: with DEBUG off it will not serve without a real
secret key. Settings only record the problem (``SECRET_KEY_PROBLEM``), so commands
that serve nothing still run; serving and ``check --deploy`` refuse."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def refuse_to_serve_insecurely():
    """Called by the WSGI and ASGI entry points, which runserver loads as well."""
    problem = getattr(settings, "SECRET_KEY_PROBLEM", "")
    if problem:
        raise ImproperlyConfigured(problem)


@register(Tags.security, deploy=True)
def secret_key_is_real(app_configs, **kwargs):
    problem = getattr(settings, "SECRET_KEY_PROBLEM", "")
    if problem:
        return [Error(problem, id="policytracker.E001")]
    return []

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API: no models of its own; it reads the statements app's
    data through the same FilterSets and ``published()`` gate as the site."""

    name = "api"
    verbose_name = "Read-only API"

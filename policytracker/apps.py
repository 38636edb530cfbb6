from django.apps import AppConfig


class PolicytrackerConfig(AppConfig):
    """The project itself, as an app without models: it registers the project's own
    system checks (the secret-key guard in ``checks.py``)."""

    name = "policytracker"
    verbose_name = "policytracker"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy check)

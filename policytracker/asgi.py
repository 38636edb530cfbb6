import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policytracker.settings")

application = get_asgi_application()

from policytracker.checks import refuse_to_serve_insecurely  # noqa: E402 (after setup)

refuse_to_serve_insecurely()

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policytracker.settings")

application = get_wsgi_application()

from policytracker.checks import refuse_to_serve_insecurely  # noqa: E402 (after setup)

refuse_to_serve_insecurely()

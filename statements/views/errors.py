"""The site's answer when a request fails: a database that went away is not a bug.

``handler500`` (policytracker/urls.py) runs for every exception a view or a middleware
let through. When it is the database that cannot be reached (``OperationalError``,
``InterfaceError``: the server restarting, a dropped connection, too many clients),
readers get a 503 page that says so and asks them to come back, with ``Retry-After``;
the API answers the same in JSON. Anything else is the usual 500 page. The next
request connects afresh (``CONN_HEALTH_CHECKS``), so the site recovers by itself.
"""

import sys

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def _unavailable_errors():
    """Django's two classes, and the driver's own: a few driver calls reach the view
    unwrapped (closing a server-side cursor whose connection was cut raises
    ``psycopg.OperationalError``), and they mean the same."""
    driver = connections[DEFAULT_DB_ALIAS].Database
    return (
        OperationalError,
        InterfaceError,
        driver.OperationalError,
        driver.InterfaceError,
    )


def _database_unavailable(error):
    """The error, or one it was raised from or while handling, is the database's."""
    unavailable = _unavailable_errors()
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, unavailable):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if not _database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": "The database is unavailable for a moment. "
                f"Try again in {RETRY_AFTER_SECONDS} seconds."
            },
            status=503,
        )
    else:
        # Rendered without the request, like the 500 page: nothing on it may need
        # the database (no session, no user).
        content = loader.get_template("503.html").render()
        response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response

"""The API keeps its contract: a property-based run of schemathesis against the
OpenAPI schema served at /api/schema/, calling the Django WSGI app in process.
No generated request may give a server error, and every response must conform to
the schema (status code, content type, body)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from policytracker.wsgi import application
from statements.sample_data import load_sample_data
from tests import factories


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Calling the WSGI app directly would close the database connection at the end
    and start of each request, and with it the test's transaction (on PostgreSQL). Django's own
    test client avoids that the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def sample(db):
    """The seed case and an agreement, so that lists and details have something."""
    load_sample_data()
    factories.AgreementFactory()


def served_schema():
    """The schema /api/schema/ serves, built without a request: loading the module
    must not read the database, which every request does (the site's middleware)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = application
schema.location = "/api/schema/"


def test_the_served_schema_is_the_one_tested(client, sample):
    assert client.get("/api/schema/?format=json").json() == served_schema()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    # Filters such as ``order`` and ``agency`` take slugs, which are data: the schema
    # cannot list them, so a well-formed but unknown slug is rightly refused with a
    # 400, and the check that every schema-valid request is accepted does not apply.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])

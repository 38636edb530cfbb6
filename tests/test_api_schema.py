"""The API keeps its contract: a property-based run of schemathesis against the
OpenAPI schema served at /api/schema/, calling the Django WSGI app in process.
No generated request may give a server error, and every response must conform to
the schema (status code, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from policytracker.wsgi import application
from statements.sample_data import load_sample_data
from tests import factories

# Building the schema reads no data, so it can be loaded when the module is.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def sample(db):
    """The seed case and an agreement, so that lists and details have something."""
    load_sample_data()
    factories.AgreementFactory()


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

"""Test-only settings and the small named fixtures every test module uses."""

import datetime

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a freshly started site does."""
    from django.core.cache import cache

    from statements import page_cache

    cache.clear()
    page_cache.forget_process_copies()
    yield
    cache.clear()
    page_cache.forget_process_copies()
    # A test that flushes and rolls back (the backup tests) leaves the content
    # types' in-process cache naming rows that no longer exist; versions and admin
    # log entries written later would point at them.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def editor(db):
    return factories.UserFactory(username="ed", groups=["Editors"])


@pytest.fixture
def contributor(db):
    return factories.UserFactory(username="cora", groups=["Contributors"])


@pytest.fixture
def published_statement(db):
    return factories.StatementFactory(
        status="published", published_at=timezone.now() - datetime.timedelta(hours=1)
    )


@pytest.fixture
def draft_statement(db):
    return factories.StatementFactory(status="draft", headline="Secret draft headline")


@pytest.fixture
def future_statement(db):
    return factories.StatementFactory(
        status="published",
        published_at=timezone.now() + datetime.timedelta(days=1),
        headline="Scheduled statement headline",
    )


@pytest.fixture
def withdrawn_statement(db):
    return factories.StatementFactory(
        status="withdrawn",
        published_at=timezone.now() - datetime.timedelta(days=3),
        headline="Withdrawn statement headline",
    )

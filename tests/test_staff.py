"""The staff desk: statements per order by stance and status at /staff/orders/, and
the admin changelist's order filter with counts and its CSV action."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from statements import exports
from tests import factories


@pytest.fixture
def desk(db):
    """EO 13768 with two published statements in support (one with two positions in
    support, which counts once), a draft that opposes, and one in review."""
    order = factories.OrderFactory(slug="eo-13768", number="13768")
    other = factories.OrderFactory(slug="eo-14159", number="14159")
    when = timezone.now() - datetime.timedelta(days=1)
    first = factories.StatementFactory(
        status="published", published_at=when, headline="First support"
    )
    factories.PositionFactory(statement=first, order=order, stance="supports")
    factories.PositionFactory(
        statement=first, order=order, stance="supports", topic="detainers"
    )
    second = factories.StatementFactory(
        status="published", published_at=when, headline="Second support"
    )
    factories.PositionFactory(statement=second, order=order, stance="supports")
    factories.PositionFactory(statement=second, order=other, stance="opposes")
    draft = factories.StatementFactory(status="draft", headline="Draft opposition")
    factories.PositionFactory(statement=draft, order=order, stance="opposes")
    review = factories.StatementFactory(status="in_review", headline="Under review")
    factories.PositionFactory(statement=review, order=order, stance="mixed")
    return {"order": order, "draft": draft}


def linked_count(html, query):
    """The number shown in the link to ``/statements/?<query>``."""
    href = "/statements/?" + query.replace("&", "&amp;")
    match = re.search(rf'<a href="{re.escape(href)}"[^>]*>(\d+)</a>', html)
    assert match, f"no link to {href}"
    return int(match.group(1))


def test_readers_and_non_staff_users_are_sent_to_log_in(client, desk):
    response = client.get("/staff/orders/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(factories.UserFactory(username="outsider", is_staff=False))
    response = client.get("/staff/orders/")
    assert response.status_code == 302
    assert "Draft opposition" not in response.content.decode()


def test_staff_see_counts_by_stance_and_status_linking_to_the_list(
    client, desk, django_assert_max_num_queries
):
    client.force_login(factories.UserFactory(username="desk", is_staff=True))
    with django_assert_max_num_queries(8):
        response = client.get("/staff/orders/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "EO 13768" in html and "EO 14159" in html
    assert linked_count(html, "order=eo-13768") == 4
    assert linked_count(html, "order=eo-13768&stance=supports") == 2
    assert linked_count(html, "order=eo-13768&stance=opposes") == 1
    assert linked_count(html, "order=eo-13768&stance=mixed") == 1
    assert linked_count(html, "order=eo-13768&status=published") == 2
    assert linked_count(html, "order=eo-13768&status=draft") == 1
    assert linked_count(html, "order=eo-13768&status=in_review") == 1
    assert linked_count(html, "order=eo-14159&stance=opposes") == 1
    # Zero is shown without a link to an empty list.
    assert 'href="/statements/?order=eo-13768&amp;status=withdrawn"' not in html


def test_staff_desk_is_never_cached(client, desk):
    client.force_login(factories.UserFactory(username="desk", is_staff=True))
    cache_control = client.get("/staff/orders/")["Cache-Control"]
    assert "no-cache" in cache_control and "private" in cache_control


def test_a_count_opens_the_list_with_those_statements(client, desk):
    client.force_login(factories.UserFactory(username="desk", is_staff=True))
    response = client.get("/statements/?order=eo-13768&status=draft")
    assert response.status_code == 200
    assert "Draft opposition" in response.content.decode()
    assert "First support" not in response.content.decode()


# Admin --------------------------------------------------------------------------------


def test_admin_filters_statements_by_order_with_counts(admin_client, desk):
    response = admin_client.get("/admin/statements/statement/")
    html = response.content.decode()
    assert "EO 13768 (4)" in html
    assert "EO 14159 (1)" in html
    filtered = admin_client.get("/admin/statements/statement/?order=eo-14159")
    assert filtered.status_code == 200
    assert filtered.context["cl"].result_count == 1
    assert "Second support" in filtered.content.decode()


def test_admin_exports_the_selected_statements_with_the_public_writer(
    admin_client, desk
):
    draft = desk["draft"]
    response = admin_client.post(
        "/admin/statements/statement/",
        {"action": "export_selected_as_csv", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="statements_admin-selection_'
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [name for name, _, _ in exports.STATEMENT_COLUMNS]
    assert [(r["headline"], r["status"], r["stance"]) for r in rows] == [
        ("Draft opposition", "draft", "opposes")
    ]

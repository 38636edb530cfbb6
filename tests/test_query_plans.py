"""The plans that matter, pinned: each public list is served by the index made for
it, on SQLite and on PostgreSQL. (On a few hundred rows a planner may rightly prefer
a full scan; PostgreSQL is asked to avoid one, so the test shows the index *can*
serve the query, which is what breaks when a filter and its index drift apart.)"""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection

from statements.choices import EditorialStatus
from statements.models import Position, Statement
from tests import factories
from tests.sample_site import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    """A few thousand statements, a tenth of them unpublished, enough for the
    planners to weigh the indexes as they do at scale."""
    orders = [factories.OrderFactory() for _ in range(3)]
    agencies = [factories.AgencyFactory() for _ in range(20)]
    model = published(agency=agencies[0], slug="plan-model")
    statements = []
    for n in range(3000):
        copy = Statement.objects.get(pk=model.pk)
        copy.pk, copy.slug = None, f"plan-{n}"
        copy.agency = agencies[n % 20]
        copy.issued_on = model.issued_on - datetime.timedelta(days=n % 900)
        if n % 10 == 0:  # a newsroom's table holds drafts and work in review too
            copy.status = EditorialStatus.DRAFT if n % 20 else EditorialStatus.IN_REVIEW
        statements.append(copy)
    Statement.objects.bulk_create(statements)
    Position.objects.bulk_create(
        Position(statement=statement, order=orders[n % 3], stance="opposes")
        for n, statement in enumerate(statements)
    )
    factories.StatementFactory(agency=agencies[0])  # a draft
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return orders, agencies


def plan(queryset):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            return queryset.explain()
    return queryset.explain()


def public_list():
    return Statement.objects.published().order_by("-issued_on", "-id")


def test_the_statement_list_walks_the_published_index_without_sorting(rows):
    found = plan(public_list()[:50])
    assert "statement_public_newest_idx" in found
    assert "TEMP B-TREE" not in found and "Sort" not in found


def test_an_agencys_statements_come_from_its_index_in_order(rows):
    _orders, agencies = rows
    found = plan(
        Statement.objects.published()
        .filter(agency=agencies[3])
        .order_by("-issued_on", "-id")[:50]
    )
    assert "statement_agency_idx" in found
    assert "TEMP B-TREE" not in found and "Sort" not in found


def test_an_agencys_issued_and_co_issued_statements_come_from_indexes(rows):
    """Its own statements or those it co-issued: neither database tests every
    statement in turn to find the few of one agency."""
    _orders, agencies = rows
    found = plan(
        Statement.objects.published()
        .by_agency(agencies[3])
        .order_by("-issued_on", "-id")[:50]
    )
    assert "statement_newest_idx" not in found
    assert "SCAN statements_statement " not in found + " "
    assert "Seq Scan" not in found


def filtered_list(**params):
    from django.http import QueryDict

    from statements.filters import StatementFilter

    filterset = StatementFilter(
        QueryDict(urlencode(params)), queryset=Statement.objects.published()
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def test_filters_by_order_and_stance_read_positions_through_an_index(rows):
    """SQLite collects the matching statements from the (order, stance) index and
    walks the published index newest first, testing each: no sort of every match
    (a common filter matches thousands). PostgreSQL walks the published index and
    probes each statement's positions. Neither reads a whole table."""
    orders, _agencies = rows
    found = plan(filtered_list(order=orders[0].slug, stance="opposes")[:50])
    if connection.vendor == "postgresql":
        # Newest first through either index on the issue date; no sort.
        assert "statement_newest_idx" in found or "statement_public_newest_idx" in found
        assert "Seq Scan" not in found and "Sort" not in found
    else:
        assert "statement_public_newest_idx" in found
        # The ids come from the index alone.
        assert f"USING COVERING INDEX {Position._meta.indexes[0].name}" in found
        assert "SCAN statements_position" not in found
        assert "TEMP B-TREE" not in found


def test_an_orders_statements_are_walked_newest_first_without_a_sort(rows):
    orders, _agencies = rows
    found = plan(
        Statement.objects.published()
        .about_order(orders[1])
        .order_by("-issued_on", "-id")[:50]
    )
    if connection.vendor == "sqlite":
        assert "statement_public_newest_idx" in found
        assert "TEMP B-TREE" not in found
    else:
        assert "Seq Scan" not in found


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index (PostgreSQL: GIN)"
)
def test_a_search_walks_the_published_index_and_a_ranked_one_matches_once(rows):
    newest = plan(filtered_list(q="statement")[:50])
    assert "statement_public_newest_idx" in newest and "TEMP B-TREE" not in newest
    ranked = plan(filtered_list(q="statement", sort="relevance")[:50])
    # One MATCH joined to the statements, not one per statement.
    assert ranked.count("VIRTUAL TABLE") == 1
    assert "CORRELATED" not in ranked

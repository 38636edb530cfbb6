"""Imports end by refreshing the planner's statistics of the tables they wrote, so
the first pages after an import are not planned as if those tables were empty."""

import pytest
from django.core.management import call_command
from django.db import connection

from statements import db_stats
from statements.models import Agreement, ListSnapshot, Statement
from tests.shipped_data import JULY, ice_file
from tests.test_import_statements import row, write_csv


def statistics_refreshes(callbacks):
    """The commit callbacks that refresh statistics (others run on commit too, such
    as the version listener's)."""
    return [
        callback for callback in callbacks if callback.__module__ == db_stats.__name__
    ]


def rows_the_planner_knows(model):
    """How many rows the database's statistics say the table has (None: none)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            tuples = cursor.fetchone()[0]
            return None if tuples < 0 else int(tuples)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        found = cursor.fetchone()
        return int(found[0].split()[0]) if found else None


@pytest.mark.django_db
def test_an_ice_import_refreshes_the_statistics_of_what_it_wrote(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import_agreements", str(ice_file(JULY)), verbosity=0)
    assert len(statistics_refreshes(callbacks)) == 1
    assert rows_the_planner_knows(Agreement) == Agreement.objects.count() == 832
    held = ListSnapshot.agreements.through
    assert rows_the_planner_knows(held) == held.objects.count() == 832


@pytest.mark.django_db
def test_a_dry_run_analyzes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("import_agreements", str(ice_file(JULY)), "--dry-run")
    assert callbacks == []


@pytest.mark.django_db
def test_a_statement_import_refreshes_the_statistics(
    tmp_path, django_capture_on_commit_callbacks
):
    path = write_csv(
        tmp_path / "statements.csv",
        [
            row(headline=f"Headline {n}", orders="", agency_kind="association_chiefs")
            for n in range(3)
        ],
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import_statements", path, verbosity=0)
    assert len(statistics_refreshes(callbacks)) == 1
    assert rows_the_planner_knows(Statement) == 3


@pytest.mark.django_db
def test_refreshing_empty_tables_or_every_table_works():
    db_stats.refresh_statistics([Statement])
    assert rows_the_planner_knows(Statement) in (None, 0)
    db_stats.refresh_statistics()

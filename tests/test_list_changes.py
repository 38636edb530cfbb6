"""What changed on ICE's 287(g) list, between two of ICE's real lists shipped in
data/ice-287g/ (June and July 2025). The expected changes are read from each
agreement's first and last list dates, which the import keeps apart from the lists'
recorded agreements that the page compares."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from statements.list_changes import on_list
from statements.models import Agency, Agreement, ListSnapshot
from tests.shipped_data import JULY, JUNE, MAY, ice_file

JUNE_DAY, JULY_DAY = "2025-06-17", "2025-07-18"


def import_lists(*names):
    """The import, and what it does once it commits, as on a site: that includes
    refreshing the planner's statistics (``db_stats.refresh_after_commit``). Inside a
    test's transaction nothing commits, and PostgreSQL would plan the page's joins
    from whatever statistics an earlier test left (empty tables: one row each),
    nesting loops over every agreement for minutes."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(
            "import_agreements", *[str(ice_file(n)) for n in names], verbosity=0
        )


def expected_between_june_and_july():
    """With only June and July imported: added means first listed in July, gone means
    last listed in June, new to the program means no agreement listed in June."""
    added = Agreement.objects.filter(first_listed_on=JULY_DAY)
    gone = Agreement.objects.filter(last_listed_on=JUNE_DAY)
    on_june = Agreement.objects.filter(first_listed_on=JUNE_DAY).values("agency")
    new_agencies = Agency.objects.filter(agreements__last_listed_on=JULY_DAY).exclude(
        pk__in=on_june
    )
    return added, gone, new_agencies.distinct()


def lede_numbers(html):
    match = re.search(
        r"<strong>([\d,]+)</strong> agreements? added, <strong>([\d,]+)</strong> gone, "
        r"and <strong>([\d,]+)</strong> agenc(?:y|ies) new to the program",
        html,
    )
    return tuple(int(n.replace(",", "")) for n in match.groups())


@pytest.mark.django_db
def test_the_latest_list_beside_the_one_before(client):
    import_lists(JUNE, JULY)
    added, gone, new_agencies = expected_between_june_and_july()

    page = client.get("/agreements/changes/").content.decode()

    assert 'ICE\'s list of <time datetime="2025-07-18">July 18, 2025</time>' in page
    assert 'its list of <time datetime="2025-06-17">June 17, 2025</time>' in page
    assert lede_numbers(page) == (added.count(), gone.count(), new_agencies.count())
    assert lede_numbers(page) == (159, 33, 118)
    listed = Agreement.objects.filter(status="listed").count()
    assert f"The list holds {listed} agreements" in page
    # Per state, from the same independent reading.
    florida_added = added.filter(agency__state="FL").count()
    florida_gone = gone.filter(agency__state="FL").count()
    florida_new = new_agencies.filter(state="FL").count()
    assert (
        f'<a href="#state-FL">Florida</a></th><td class="num">{florida_added}</td>'
        f'<td class="num">{florida_gone}</td><td class="num">{florida_new}</td>'
    ) in page
    some_new = new_agencies.order_by("name").first()
    assert some_new.get_absolute_url() in page


@pytest.mark.django_db
def test_a_given_list_by_its_date_and_the_first_list_alone(client):
    import_lists(MAY, JUNE, JULY)

    june = client.get(f"/agreements/changes/{JUNE_DAY}/").content.decode()
    assert 'its list of <time datetime="2025-05-16">May 16, 2025</time>' in june
    assert lede_numbers(june) == (140, 5, 123)

    may = client.get("/agreements/changes/2025-05-16/").content.decode()
    assert "is the first we imported" in may
    assert 'href="/agreements/changes/2025-07-18/"' in may

    assert client.get("/agreements/changes/2025-01-01/").status_code == 404
    assert client.get("/agreements/changes/July/").status_code == 404


@pytest.mark.django_db
def test_lists_imported_before_their_agreements_were_kept_get_them(client):
    import_lists(JUNE, JULY)
    before = lede_numbers(client.get("/agreements/changes/").content.decode())
    # As on a site that imported its lists before this was kept.
    for snapshot in ListSnapshot.objects.all():
        snapshot.agreements.clear()
    ListSnapshot.objects.update(members_recorded=False)
    assert (
        "No list of participating"
        in client.get("/agreements/changes/").content.decode()
    )

    import_lists(JUNE, JULY)  # already imported: only their agreements are recorded

    assert ListSnapshot.objects.count() == 3 - 1  # no new snapshot
    assert lede_numbers(client.get("/agreements/changes/").content.decode()) == before


@pytest.mark.django_db
def test_no_list_yet(client):
    page = client.get("/agreements/changes/")
    assert page.status_code == 200
    assert (
        "No list of participating agencies has been imported yet"
        in page.content.decode()
    )


@pytest.mark.django_db
def test_agreements_not_on_a_list_are_found_by_an_anti_join(client):
    """ "Added" and "gone" are agreements of one list not on the other. Written as
    NOT EXISTS, PostgreSQL answers them with an anti-join whatever its statistics
    say (NOT IN a subquery, planned from statistics taken on near-empty tables, ran
    the subquery again for every agreement: minutes for two lists). SQLite looks
    each agreement up in the list's index."""
    import_lists(JUNE, JULY)
    june, july = ListSnapshot.objects.order_by("listed_on")
    added = Agreement.objects.filter(snapshots=july).filter(~on_list(june))
    with connection.cursor() as cursor:
        sql, params = added.query.sql_with_params()
        if connection.vendor == "postgresql":
            # Whatever join the planner picks (hash joins ruled out here): an
            # anti-join, never a subquery run per row.
            cursor.execute("SET LOCAL enable_hashjoin = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    if connection.vendor == "postgresql":
        assert "Anti Join" in plan, plan
        assert "SubPlan" not in plan, plan
    else:
        through = ListSnapshot.agreements.through._meta.db_table
        assert re.search(rf"SEARCH {through} USING (COVERING )?INDEX", plan), plan
    assert added.count() == Agreement.objects.filter(first_listed_on=JULY_DAY).count()

"""Coverage: of the agencies holding an agreement on ICE's current list, how many we
have heard from (a public statement, issued or co-issued), asked or searched in vain,
or not tried, per state and model; the list of those we have not heard from, with its
CSV; and what editors record against an agency. The expected numbers are worked out
here in Python from the objects, not by the queries the pages use."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from statements.coverage import coverage_figures
from statements.models import Agency, Agreement, Inquiry, Statement
from tests import factories

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=1)


def public(**kwargs):
    return factories.StatementFactory(status="published", published_at=PAST, **kwargs)


@pytest.fixture
def holders(db):
    """Florida and Texas agencies; some heard from, some asked, searched or not."""
    agency = factories.AgencyFactory
    agreement = factories.AgreementFactory
    site = {
        "issued": agency(slug="issued", name="Issued Sheriff", state="FL"),
        "co_issued": agency(slug="co-issued", name="Co-issued Police", state="FL"),
        "asked": agency(slug="asked", name="Asked Sheriff", state="FL"),
        "searched": agency(slug="searched", name="Searched Sheriff", state="TX"),
        "draft_only": agency(slug="draft-only", name="Draft Sheriff", state="TX"),
        "scheduled": agency(slug="scheduled", name="Scheduled Sheriff", state="TX"),
        "silent": agency(slug="silent", name="Silent Sheriff", state="TX"),
        "gone": agency(slug="gone", name="Gone Sheriff", state="TX"),
        "association": agency(
            slug="assoc",
            name="Sheriffs Association",
            state="",
            kind="association_sheriffs",
        ),
    }
    agreement(agency=site["issued"], model="task_force")
    agreement(agency=site["issued"], model="jail_enforcement")
    agreement(agency=site["co_issued"], model="warrant_service_officer")
    agreement(agency=site["asked"], model="task_force")
    agreement(agency=site["searched"], model="jail_enforcement")
    agreement(agency=site["draft_only"], model="task_force")
    agreement(agency=site["scheduled"], model="task_force")
    agreement(agency=site["silent"], model="task_force")
    agreement(agency=site["silent"], model="warrant_service_officer")
    agreement(agency=site["gone"], model="task_force", status="no_longer_listed")

    public(agency=site["issued"])
    public(agency=site["association"]).co_issuers.add(site["co_issued"])
    public(agency=site["gone"])  # heard from, but no longer on the list
    factories.StatementFactory(agency=site["draft_only"], status="draft")
    factories.StatementFactory(
        agency=site["scheduled"],
        status="published",
        published_at=NOW + datetime.timedelta(days=3),
    )
    # Asked and also searched: asked wins; heard and asked: heard wins.
    Inquiry.objects.create(
        agency=site["asked"],
        outcome="asked_no_statement",
        made_on=datetime.date(2026, 11, 2),
    )
    Inquiry.objects.create(
        agency=site["asked"],
        outcome="searched_none_found",
        made_on=datetime.date(2026, 10, 1),
    )
    Inquiry.objects.create(
        agency=site["searched"],
        outcome="searched_none_found",
        made_on=datetime.date(2026, 11, 20),
    )
    Inquiry.objects.create(
        agency=site["issued"],
        outcome="asked_no_statement",
        made_on=datetime.date(2026, 1, 5),
    )
    return site


def expected_by_hand():
    """Every agency and statement read into Python and classified here."""
    now = timezone.now()
    statements = list(Statement.objects.prefetch_related("co_issuers"))
    heard = set()
    for statement in statements:
        if statement.status == "published" and statement.published_at <= now:
            heard.add(statement.agency_id)
            heard |= {a.pk for a in statement.co_issuers.all()}
    inquiries = {}
    for inquiry in Inquiry.objects.all():
        inquiries.setdefault(inquiry.agency_id, set()).add(inquiry.outcome)
    listed = [a for a in Agreement.objects.all() if a.status == "listed"]
    agencies = {a.pk: a for a in Agency.objects.all()}

    def group(agency_id):
        if agency_id in heard:
            return "heard"
        if "asked_no_statement" in inquiries.get(agency_id, ()):
            return "asked"
        if "searched_none_found" in inquiries.get(agency_id, ()):
            return "searched"
        return "not_yet"

    states, models = {}, {}
    for agreement in listed:
        state = agencies[agreement.agency_id].state
        for table, key in ((states, state), (models, agreement.model)):
            row = table.setdefault(
                key, {"agencies": {}, "agreements": 0, "agreements_heard": 0}
            )
            row["agencies"][agreement.agency_id] = group(agreement.agency_id)
            row["agreements"] += 1
            row["agreements_heard"] += agreement.agency_id in heard
    return states, models


def summarise(row):
    groups = list(row["agencies"].values())
    return {
        "agencies": len(groups),
        "heard": groups.count("heard"),
        "asked": groups.count("asked"),
        "searched": groups.count("searched"),
        "not_yet": groups.count("not_yet"),
        "agreements": row["agreements"],
        "agreements_heard": row["agreements_heard"],
    }


def numbers(row):
    names = ("agencies", "heard", "asked", "searched", "not_yet", "agreements")
    return {name: row[name] for name in (*names, "agreements_heard")}


def test_figures_agree_with_a_count_by_hand(holders):
    states, models = expected_by_hand()
    figures = coverage_figures()

    assert {row["key"]: numbers(row) for row in figures["states"]} == {
        key: summarise(row) for key, row in states.items()
    }
    assert {row["key"]: numbers(row) for row in figures["models"]} == {
        key: summarise(row) for key, row in models.items()
    }
    # And in plain numbers, for a reader of this test.
    assert numbers(figures["total"]) == {
        "agencies": 7,
        "heard": 2,
        "asked": 1,
        "searched": 1,
        "not_yet": 3,
        "agreements": 9,
        "agreements_heard": 3,
    }


def test_coverage_page_and_home_say_the_numbers_and_draw_them(client, holders):
    page = client.get("/coverage/").content.decode()
    assert "Of the <strong>7</strong> agencies holding a 287(g) agreement" in page
    assert "<strong>2</strong> (28.6%) have a public statement on record" in page
    assert "They hold <strong>3</strong> of the <strong>9</strong> agreements" in page
    assert '<svg class="chart coverage-chart"' in page
    assert "Florida: 2 of 3 heard from" in page
    assert "Texas: 0 of 4 heard from" in page
    assert "Draft Sheriff" not in page  # names are on the list, not here

    home = client.get("/").content.decode()
    assert "Of the <strong>7</strong> agencies holding a 287(g) agreement" in home
    assert "We asked 1 more and got no statement" in home
    assert 'class="chart coverage-chart"' in home


def test_the_not_heard_list_filters_by_state_and_model(client, holders):
    page = client.get("/coverage/not-heard/").content.decode()
    for name in (
        "Asked Sheriff",
        "Searched Sheriff",
        "Draft Sheriff",
        "Silent Sheriff",
    ):
        assert name in page
    for name in (
        "Issued Sheriff",
        "Co-issued Police",
        "Gone Sheriff",
        "Sheriffs Association",
    ):
        assert name not in page
    assert "Asked; no statement (<time" in page
    assert "5 agencies." in page  # the scheduled statement is not public yet

    texas = client.get("/coverage/not-heard/?state=TX&model=jail_enforcement")
    assert "Searched Sheriff" in texas.content.decode()
    assert "Silent Sheriff" not in texas.content.decode()
    assert "1 agency matches your filters" in texas.content.decode()

    bad = client.get("/coverage/not-heard/?state=ZZ").content.decode()
    assert "Some filters could not be used" in bad


def test_the_not_heard_csv_has_the_lists_rows_and_filters(client, holders):
    response = client.get("/coverage/not-heard.csv?state=TX")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="not-heard_state-tx_' in response["Content-Disposition"]
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert [row["agency_slug"] for row in rows] == [
        "draft-only", "scheduled", "searched", "silent"
    ]  # fmt: skip
    silent = rows[-1]
    assert silent["listed_models"] == "task_force;warrant_service_officer"
    assert silent["listed_agreement_count"] == "2" and silent["last_inquiry"] == ""
    assert rows[2]["last_inquiry"] == "searched_none_found"
    assert rows[2]["last_inquiry_on"] == "2026-11-20"

    bad = client.get("/coverage/not-heard.csv?model=submarine")
    assert bad.status_code == 400
    assert "model" in bad.content.decode()


def test_the_agency_page_says_what_we_asked(client, holders):
    page = client.get("/agencies/asked/").content.decode()
    assert (
        'We asked on <time datetime="2026-11-02">Nov. 2, 2026</time>; no statement.'
        in page
    )
    assert (
        'We searched on <time datetime="2026-10-01">Oct. 1, 2026</time>; none found.'
        in page
    )
    assert "We asked on" not in client.get("/agencies/silent/").content.decode()


def test_editors_record_an_inquiry_in_the_agency_admin(client, editor, holders):
    client.force_login(editor)
    agency = holders["silent"]
    url = f"/admin/statements/agency/{agency.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data |= {
        "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
        "inquiries-TOTAL_FORMS": "1", "inquiries-INITIAL_FORMS": "0",
        "inquiries-0-outcome": "asked_no_statement",
        "inquiries-0-made_on": "2026-12-01",
        "inquiries-0-note": "Called the press office.",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    inquiry = Inquiry.objects.get(agency=agency)
    assert inquiry.recorded_by == editor
    assert coverage_figures()["total"]["asked"] == 2
    client.logout()
    page = client.get("/agencies/silent/").content.decode()
    assert 'We asked on <time datetime="2026-12-01">' in page
    assert "Called the press office" not in page  # the note is internal

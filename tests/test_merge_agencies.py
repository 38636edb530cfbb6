"""An editor merges a duplicate agency into another; later imports remember."""

import datetime

import openpyxl
import pytest

from statements.importers import import_ice_list
from statements.merging import merge_agencies
from statements.models import Agency, AgencyAlias, Agreement, AgreementRequest
from tests import factories

CHANGELIST = "/admin/statements/agency/"


@pytest.fixture
def pair(db):
    keeper = factories.AgencyFactory(
        name="Polk County Sheriff's Office", slug="polk-sheriff", state="FL"
    )
    duplicate = factories.AgencyFactory(
        name="Polk Cnty Sherrif Office", slug="polk-typo", state="FL"
    )
    return keeper, duplicate


def merge(client, keeper, duplicate):
    return client.post(
        CHANGELIST,
        {
            "action": "merge_selected_agencies",
            "_selected_action": [keeper.pk, duplicate.pk],
            "keep": keeper.pk,
            "post": "yes",
        },
        follow=True,
    )


def test_merge_asks_which_agency_to_keep(client, editor, pair):
    keeper, duplicate = pair
    client.force_login(editor)

    response = client.post(
        CHANGELIST,
        {
            "action": "merge_selected_agencies",
            "_selected_action": [keeper.pk, duplicate.pk],
        },
    )

    page = response.content.decode()
    assert "Choose the agency to keep" in page
    assert "Polk Cnty Sherrif Office" in page and "polk-sheriff" in page
    assert Agency.objects.count() == 2


def test_merge_moves_everything_and_keeps_the_name_as_an_alias(client, editor, pair):
    keeper, duplicate = pair
    own = factories.StatementFactory(agency=duplicate)
    co_issued = factories.StatementFactory()
    co_issued.co_issuers.add(duplicate)
    by_keeper_with_duplicate = factories.StatementFactory(agency=keeper)
    by_keeper_with_duplicate.co_issuers.add(duplicate)
    same = dict(model="task_force", signed_on=datetime.date(2025, 3, 1))
    factories.AgreementFactory(
        agency=keeper, **same, first_listed_on=datetime.date(2025, 6, 17)
    )
    factories.AgreementFactory(
        agency=duplicate,
        **same,
        first_listed_on=datetime.date(2025, 5, 16),
        last_listed_on=datetime.date(2025, 6, 17),
    )
    factories.AgreementFactory(agency=duplicate, model="warrant_service_officer")
    AgreementRequest.objects.create(agency=duplicate, model="jail_enforcement")
    client.force_login(editor)

    response = merge(client, keeper, duplicate)

    assert "Merged Polk Cnty Sherrif Office (FL) into" in response.content.decode()
    assert not Agency.objects.filter(pk=duplicate.pk).exists()
    own.refresh_from_db()
    assert own.agency == keeper
    assert list(co_issued.co_issuers.all()) == [keeper]
    assert not by_keeper_with_duplicate.co_issuers.exists()
    tfm = keeper.agreements.get(model="task_force")
    assert tfm.first_listed_on == datetime.date(2025, 5, 16)
    assert keeper.agreements.count() == 2
    assert keeper.agreement_requests.count() == 1
    alias = AgencyAlias.objects.get(agency=keeper)
    assert (alias.name, alias.state) == ("Polk Cnty Sherrif Office", "FL")
    keeper.refresh_from_db()
    assert "merged “Polk Cnty Sherrif Office (FL)”" in keeper.notes


def test_after_a_merge_the_next_import_finds_the_agency_kept(
    client, editor, pair, tmp_path
):
    keeper, duplicate = pair
    client.force_login(editor)
    merge(client, keeper, duplicate)
    workbook = openpyxl.Workbook()
    workbook.active.append(
        ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]
    )
    workbook.active.append(
        ["FLORIDA", "Polk Cnty Sherrif Office", "County", "Polk", "WSO"]
    )
    path = tmp_path / "pendingAgencies08012025am.xlsx"
    workbook.save(path)

    import_ice_list(path.read_bytes(), path.name)

    assert Agency.objects.count() == 1
    assert keeper.agreement_requests.get().model == "warrant_service_officer"


def test_merging_needs_two_agencies_and_an_editor(client, contributor, editor, pair):
    keeper, duplicate = pair
    client.force_login(contributor)
    response = merge(client, keeper, duplicate)
    assert Agency.objects.count() == 2
    assert "merge_selected_agencies" not in response.content.decode()

    client.force_login(editor)
    response = client.post(
        CHANGELIST,
        {"action": "merge_selected_agencies", "_selected_action": [keeper.pk]},
        follow=True,
    )
    assert "Select at least two agencies to merge." in response.content.decode()
    assert Agency.objects.count() == 2
    assert not Agreement.objects.exists()


def test_a_merged_agencys_addresses_redirect_to_the_agency_kept(client, editor, pair):
    keeper, duplicate = pair
    third = factories.AgencyFactory(name="Polk Sheriff", slug="polk-third", state="FL")
    client.force_login(editor)
    merge(client, keeper, duplicate)
    client.logout()
    for old, new in [
        ("/agencies/polk-typo/", "/agencies/polk-sheriff/"),
        ("/agencies/polk-typo/feed/", "/agencies/polk-sheriff/feed/"),
        ("/api/agencies/polk-typo/", "/api/agencies/polk-sheriff/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
    # Merged again, into a third agency: the oldest address follows along.
    merge_agencies(third, keeper)
    response = client.get("/agencies/polk-typo/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/agencies/polk-third/",
    )
    assert client.get("/agencies/never-was/").status_code == 404


def test_changing_an_agencys_slug_keeps_the_old_address_working(client, editor):
    agency = factories.AgencyFactory(
        name="Lee County Sheriff", slug="lee-so", state="FL"
    )
    client.force_login(editor)
    url = f"/admin/statements/agency/{agency.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "slug": "lee-county-sheriff",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "inquiries-TOTAL_FORMS": "0",
        "inquiries-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    response = client.get("/agencies/lee-so/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/agencies/lee-county-sheriff/",
    )
    assert client.get("/agencies/lee-county-sheriff/").status_code == 200

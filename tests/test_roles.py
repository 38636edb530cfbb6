"""Who may change what: agencies, orders and agreements are public the moment they
are saved, so contributors only view them; editors change them."""

import pytest
from django.core.management import CommandError, call_command

from statements.models import Agency, Order
from tests import factories
from tests.test_import_statements import row, write_csv


@pytest.fixture
def records(db):
    agreement = factories.AgreementFactory(
        agency=factories.AgencyFactory(name="Polk County Sheriff's Office")
    )
    return agreement.agency, factories.OrderFactory(), agreement


def test_contributors_may_view_but_not_change_agencies_orders_or_agreements(
    client, contributor, records
):
    agency, order, agreement = records
    client.force_login(contributor)
    for model, obj in (("agency", agency), ("order", order), ("agreement", agreement)):
        url = f"/admin/statements/{model}/{obj.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()  # read-only view
        assert client.post(url, {"name": "Renamed"}).status_code == 403
    assert client.get("/admin/statements/agency/add/").status_code == 403
    assert client.get("/admin/statements/order/add/").status_code == 403
    agency.refresh_from_db()
    assert agency.name == "Polk County Sheriff's Office"
    assert not contributor.has_perm("statements.change_agency")
    assert not contributor.has_perm("statements.add_agency")


def test_contributors_still_write_statements_about_agencies(client, contributor, db):
    client.force_login(contributor)
    assert client.get("/admin/statements/statement/add/").status_code == 200
    assert contributor.has_perm("statements.add_statement")
    assert contributor.has_perm("statements.view_agency")


def test_editors_change_agencies_and_orders(client, editor, records):
    agency, order, _ = records
    client.force_login(editor)
    page = client.get(f"/admin/statements/agency/{agency.pk}/change/")
    assert 'name="_save"' in page.content.decode()
    assert editor.has_perm("statements.change_agency")
    assert editor.has_perm("statements.change_order")
    assert client.get("/admin/statements/order/add/").status_code == 200
    assert Order.objects.filter(pk=order.pk).exists()


def test_a_contributors_statement_file_cannot_create_an_agency(tmp_path, contributor):
    path = write_csv(
        tmp_path / "statements.csv",
        [row(agency="Brand New Sheriff's Office", agency_kind="sheriff",
             agency_state="FL")],
    )  # fmt: skip
    with pytest.raises(CommandError, match="only an editor may add one"):
        call_command("import_statements", path, "--user", contributor.username)
    assert not Agency.objects.filter(name="Brand New Sheriff's Office").exists()


def test_an_editors_statement_file_may_create_an_agency(tmp_path, editor):
    path = write_csv(
        tmp_path / "statements.csv",
        [row(agency="Brand New Sheriff's Office", agency_kind="sheriff",
             agency_state="FL", orders="")],
    )  # fmt: skip
    call_command("import_statements", path, "--user", editor.username)
    assert Agency.objects.filter(name="Brand New Sheriff's Office").exists()

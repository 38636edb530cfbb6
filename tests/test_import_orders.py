"""The order catalogue from a CSV file: the 25 real orders shipped in data/orders/,
imported all or nothing, the same file twice changing nothing, and each order's
lineage taken from the order that revoked it."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from statements.models import Order
from tests.shipped_data import ORDERS_CSV

HEADING = (
    "kind,number,title,signed_on,published_on,citation,document_number,url,"
    "status,revoked_by,source\n"
)


def import_shipped(**options):
    call_command("import_orders", str(ORDERS_CSV), verbosity=0, **options)


@pytest.mark.django_db
def test_the_shipped_catalogue_imports_25_orders_with_their_lineage():
    import_shipped()

    assert Order.objects.count() == 25
    assert Order.objects.filter(kind="executive_order").count() == 15
    assert Order.objects.filter(kind="proclamation").count() == 1
    assert Order.objects.filter(kind="state_law").count() == 9
    assert Order.objects.filter(jurisdiction="US").count() == 16

    eo_13768 = Order.objects.get(slug="eo-13768")
    assert eo_13768.status == "revoked"
    assert eo_13768.replaced_by.slug == "eo-13993"
    assert eo_13768.ended_on == datetime.date(2021, 1, 20)
    assert Order.objects.get(slug="eo-13993").replaced_by.slug == "eo-14159"
    # Replaced as of a date of its own, not the day the new order was signed.
    eo_13769 = Order.objects.get(slug="eo-13769")
    assert (eo_13769.status, eo_13769.replaced_by.slug, eo_13769.ended_on) == (
        "superseded",
        "eo-13780",
        datetime.date(2017, 3, 16),
    )
    eo_13780 = Order.objects.get(slug="eo-13780")
    assert eo_13780.replaced_by.label == "Proclamation 10141"
    assert Order.objects.get(slug="eo-14159").replaced_by is None
    assert Order.objects.get(slug="eo-14159").replaces.count() == 4

    texas = Order.objects.get(slug="tx-sb-8-2025-89r")
    assert (texas.kind, texas.jurisdiction, texas.number) == (
        "state_law",
        "TX",
        "SB 8 (2025, 89R)",
    )
    assert texas.label == "Texas SB 8 (2025, 89R)"
    assert texas.effective_on == datetime.date(2026, 1, 1)
    assert texas.signed_on == datetime.date(2025, 6, 20)
    assert "compliance deadline 2026-12-01" in texas.status_note
    assert "billtrack50" in texas.sources
    assert Order.objects.get(slug="nc-hb-370-2019").status == "vetoed"
    assert Order.objects.get(slug="eo-14011").citation == ""  # a gap kept as found


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(capsys):
    import_shipped()
    before = {o.slug: (o.updated_at, o.replaced_by_id) for o in Order.objects.all()}

    call_command("import_orders", str(ORDERS_CSV))

    assert "0 orders created, 0 updated, 25 unchanged." in capsys.readouterr().out
    after = {o.slug: (o.updated_at, o.replaced_by_id) for o in Order.objects.all()}
    assert after == before


@pytest.mark.django_db
def test_the_seed_orders_are_completed_not_duplicated():
    call_command("load_sample_data", verbosity=0)
    seeded = Order.objects.count()
    summary = Order.objects.get(slug="eo-13768").summary

    import_shipped()

    assert seeded == 5 and Order.objects.count() == 25
    eo_13780 = Order.objects.get(slug="eo-13780")
    assert eo_13780.published_on == datetime.date(2017, 3, 9)
    # The newsroom's own summary is not a column of the file: kept.
    assert Order.objects.get(slug="eo-13768").summary == summary


@pytest.mark.django_db
@pytest.mark.parametrize(
    "line, message",
    [
        (
            "decree,1,A title,2025-01-01,,,,,,,\n",
            "row 3, kind: “decree” is not a kind of order",
        ),
        (
            "executive_order,14999,A title,2025-13-01,,,,,,,\n",
            "row 3, signed_on: “2025-13-01” is not a date",
        ),
        (
            "state_law,SB 8 (2025),A title,2025-01-01,,,,,,,\n",
            "row 3, number: “SB 8 (2025)” does not start with a state's",
        ),
        (
            "executive_order,14999,A title,2025-01-01,,,,,,EO 99999,\n",
            "row 3, revoked_by: no order “EO 99999”",
        ),
        (
            "executive_order,14999,A title,2025-01-01,,,,,was reviewed,,\n",
            "row 3, status: cannot tell the status from “was reviewed”",
        ),
        (
            "executive_order,14999,A title,2025-01-01,,,,ftp://x,,,\n",
            "row 3, url: “ftp://x” is not a web address",
        ),
        (
            "executive_order,13768,Again,2017-01-25,,,,,,,\n",
            "row 3, number: the same order as row 2",
        ),
    ],
)
def test_a_bad_cell_names_row_and_column_and_nothing_is_written(
    tmp_path, line, message
):
    path = tmp_path / "orders.csv"
    path.write_text(
        HEADING
        + "executive_order,13768,Enhancing Public Safety,2017-01-25,,,,,,,\n"
        + line
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_orders", str(path))
    assert message in str(raised.value)
    assert "Nothing was imported" in str(raised.value)
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("kind,title\nexecutive_order,A title\n")
    with pytest.raises(CommandError, match="missing column “number”"):
        call_command("import_orders", str(path))


@pytest.mark.django_db
def test_a_revocation_added_later_ends_the_order(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(HEADING + "executive_order,13768,Enhancing,2017-01-25,,,,,,,\n")
    call_command("import_orders", str(path), verbosity=0)
    assert Order.objects.get(slug="eo-13768").status == "in_effect"

    path.write_text(
        HEADING
        + "executive_order,13768,Enhancing,2017-01-25,,,,,revoked,EO 13993,\n"
        + "executive_order,13993,Revision,2021-01-20,,,,,,,\n"
    )
    call_command("import_orders", str(path), verbosity=0)

    order = Order.objects.get(slug="eo-13768")
    assert order.status == "revoked"
    assert order.replaced_by.slug == "eo-13993"
    assert order.ended_on == datetime.date(2021, 1, 20)


@pytest.mark.django_db
def test_state_laws_have_their_own_list_and_page(client):
    import_shipped()

    response = client.get("/orders/?kind=state_law")
    assert response.status_code == 200
    page = response.content.decode()
    assert "State laws" in page
    assert "Texas SB 8 (2025, 89R)" in page and "Illinois SB 667 (2021)" in page
    assert "EO 13768" not in page
    assert page.count('class="order-item"') == 9

    federal = client.get("/orders/?kind=federal").content.decode()
    assert federal.count('class="order-item"') == 16

    detail = client.get("/orders/tx-sb-8-2025-89r/").content.decode()
    assert "Effective" in detail and "Jan. 1, 2026" in detail
    assert "SB 8 (2025, 89R)" in detail

    bad = client.get("/orders/?kind=decree")
    assert bad.status_code == 400
    assert "not a kind of order" in bad.content.decode()

import pytest
from django.core.management import call_command

from statements.models import Agency, Order, Position, Statement


@pytest.mark.django_db
def test_sample_data_loads_the_seed_case():
    call_command("load_sample_data", verbosity=0)

    statement = Statement.objects.published().get()
    assert statement.agency.short_name == "IACP"
    assert statement.issued_on.isoformat() == "2017-01-30"
    positions = {p.order.slug: p for p in statement.positions.select_related("order")}
    assert positions["eo-13769"].stance == "informational"
    assert positions["eo-13768"].stance == "local_discretion"
    assert positions["eo-13768"].mandate_view == "opposes_mandates"
    assert positions["eo-13768"].topic == "287g_agreements"
    assert positions["eo-13768"].quote == "an inherently local decision"

    eo_13768 = Order.objects.get(slug="eo-13768")
    assert eo_13768.citation == "82 FR 8799"
    assert eo_13768.document_number == "2017-02102"
    assert eo_13768.replaced_by.slug == "eo-13993"
    assert eo_13768.replaced_by.replaced_by.slug == "eo-14159"
    assert Order.objects.get(slug="eo-13769").replaced_by.slug == "eo-13780"


@pytest.mark.django_db
def test_sample_data_twice_changes_nothing(capsys):
    call_command("load_sample_data")
    counts = [m.objects.count() for m in (Agency, Order, Statement, Position)]
    statement = Statement.objects.get()
    statement.headline = "Edited by an editor"
    statement.save()

    call_command("load_sample_data")

    assert [m.objects.count() for m in (Agency, Order, Statement, Position)] == counts
    assert Statement.objects.get().headline == "Edited by an editor"
    assert "nothing changed" in capsys.readouterr().out

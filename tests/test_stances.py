"""Words beside deeds: the rule (``stances.assess``) on plain values, and the stored
result kept in step by every path that changes one of its inputs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from statements import publishing, stances
from statements.choices import AgreementStatus
from statements.importers import import_ice_list, import_statement_csv
from statements.merging import merge_agencies
from statements.models import Agency
from statements.stances import SaidPosition, assess
from tests import factories
from tests.admin_forms import statement_change

LISTED = [AgreementStatus.LISTED]
GONE = [AgreementStatus.NO_LONGER_LISTED]
FEB_2025 = datetime.date(2025, 2, 10)
REVOKED_JAN_2025 = datetime.date(2025, 1, 20)


def said(statement_id, stance, topic="287g_agreements", *, on=FEB_2025, **more):
    return SaidPosition(statement_id, on, topic, stance, **more)


# The rule, bullet by bullet -------------------------------------------------------


def test_only_participation_topics_make_up_the_stance():
    """Opposing sanctuary-funding penalties or a travel ban is not opposing 287(g)."""
    result = assess(
        "sheriff",
        [said(1, "opposes", "sanctuary_funding"), said(2, "opposes", "travel_entry")],
        LISTED,
    )
    assert result.stance == ""
    assert result.words_and_deeds == ""


def test_mandates_are_a_participation_topic():
    result = assess("sheriff", [said(1, "opposes", "mandates")], LISTED)
    assert result.stance == "opposes"
    assert result.words_and_deeds == "words_against_deeds"


def test_a_local_decision_beside_an_agreement_is_consistent():
    result = assess("sheriff", [said(1, "local_discretion")], LISTED)
    assert result.stance == "local_discretion"
    assert result.words_and_deeds == ""


def test_opposing_while_holding_a_listed_agreement_is_noted():
    result = assess("sheriff", [said(7, "opposes")], LISTED)
    assert (result.stance, result.statement_id) == ("opposes", 7)
    assert result.words_and_deeds == "words_against_deeds"


def test_an_agreement_no_longer_listed_is_not_held():
    assert assess("sheriff", [said(1, "opposes")], GONE).words_and_deeds == ""


def test_a_position_on_an_order_in_force_outweighs_one_on_a_revoked_order():
    """On the statement's date, the first order had already been revoked: the
    position on the order in force decides, and there is nothing mixed about it."""
    positions = [
        said(1, "supports", order_ended_on=REVOKED_JAN_2025),
        said(1, "opposes"),
    ]
    result = assess("sheriff", positions, LISTED)
    assert result.stance == "opposes"
    assert result.words_and_deeds == "words_against_deeds"
    # The same positions in 2017, when both orders were in force: mixed.
    earlier = [
        said(
            1, "supports", on=datetime.date(2017, 2, 1), order_ended_on=REVOKED_JAN_2025
        ),
        said(1, "opposes", on=datetime.date(2017, 2, 1)),
    ]
    assert assess("sheriff", earlier, LISTED).stance == "mixed"


def test_mixed_never_counts_as_a_difference():
    mixed = [said(1, "supports"), said(1, "opposes")]
    result = assess("sheriff", mixed, LISTED)
    assert result.stance == "mixed"
    assert result.words_and_deeds == ""
    assert assess("sheriff", [said(1, "mixed")], LISTED).words_and_deeds == ""


def test_the_latest_statement_that_takes_a_side_gives_the_stance():
    older = said(1, "opposes", on=datetime.date(2017, 1, 30))
    newer = said(2, "supports", on=datetime.date(2025, 3, 1))
    no_side = said(3, "informational", on=datetime.date(2025, 6, 1))
    result = assess("sheriff", [older, newer, no_side], LISTED)
    assert (result.stance, result.statement_id) == ("supports", 2)
    only_no_side = assess("sheriff", [no_side], LISTED)
    assert only_no_side.stance == "informational"
    assert only_no_side.words_and_deeds == ""


def test_same_day_statements_are_ordered_by_id():
    first = said(4, "supports")
    second = said(9, "opposes")
    assert assess("sheriff", [second, first], []).statement_id == 9


def test_support_without_an_agreement_only_for_agencies_that_could_hold_one():
    supports = [said(1, "supports_with_conditions")]
    assert assess("sheriff", supports, []).words_and_deeds == (
        "support_without_agreement"
    )
    assert assess("sheriff", supports, GONE).words_and_deeds == (
        "support_without_agreement"
    )
    assert assess("sheriff", supports, LISTED).words_and_deeds == ""
    assert assess("association_sheriffs", supports, []).words_and_deeds == ""


def test_the_mandate_view_is_the_latest_one_given():
    positions = [
        said(
            1, "supports", mandate_view="opposes_mandates", on=datetime.date(2017, 1, 1)
        ),
        said(2, "supports", mandate_view="not_addressed"),
    ]
    assert assess("sheriff", positions, []).mandate_view == "opposes_mandates"


# The stored result, kept in step ----------------------------------------------------


def published(**kwargs):
    kwargs.setdefault("status", "published")
    kwargs.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    kwargs.setdefault("issued_on", FEB_2025)
    return factories.StatementFactory(**kwargs)


def stored(agency):
    agency.refresh_from_db()
    return agency.current_stance, agency.words_and_deeds


@pytest.fixture
def sheriff(db):
    agency = factories.AgencyFactory(slug="bay-sheriff", name="Bay County Sheriff")
    factories.AgreementFactory(agency=agency, signed_on=datetime.date(2025, 4, 1))
    return agency


def test_publishing_and_unpublishing_change_the_stored_stance(sheriff, editor):
    statement = factories.StatementFactory(agency=sheriff, issued_on=FEB_2025)
    factories.PositionFactory(statement=statement, stance="opposes")
    stances.refresh([sheriff.pk])
    assert stored(sheriff) == ("", "")

    publishing.publish(statement, editor)
    assert stored(sheriff) == ("opposes", "words_against_deeds")
    assert Agency.objects.words_against_deeds().get() == sheriff

    publishing.unpublish(statement, editor)
    assert stored(sheriff) == ("", "")


def test_a_co_issued_statement_counts_for_the_co_issuer(sheriff, editor):
    chiefs = factories.AgencyFactory(kind="association_chiefs", slug="chiefs", state="")
    statement = factories.StatementFactory(agency=chiefs, issued_on=FEB_2025)
    statement.co_issuers.add(sheriff)
    factories.PositionFactory(statement=statement, stance="opposes")
    publishing.publish(statement, editor)
    assert stored(sheriff) == ("opposes", "words_against_deeds")
    assert stored(chiefs) == ("opposes", "")  # holds no agreement


def test_a_scheduled_statement_counts_once_its_time_has_come(sheriff, editor):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    statement = factories.StatementFactory(agency=sheriff, issued_on=FEB_2025)
    factories.PositionFactory(statement=statement, stance="opposes")
    publishing.publish(statement, editor, published_at=soon)
    sheriff.refresh_from_db()
    assert sheriff.current_stance == ""
    assert sheriff.stance_due_at == soon

    assert stances.refresh_due(now=soon - datetime.timedelta(seconds=1)) == 0
    assert stances.refresh_due(now=soon + datetime.timedelta(seconds=1)) == 1
    # The statement is public by now only if the clock says so; refresh_due asks
    # the one rule (published()) with the real time, so move the statement instead.
    statement.published_at = timezone.now() - datetime.timedelta(seconds=1)
    statement.save()
    stances.refresh_due(now=soon + datetime.timedelta(seconds=1))
    sheriff.refresh_from_db()
    assert sheriff.current_stance == "opposes"
    assert sheriff.stance_due_at is None


def test_admin_edit_of_positions_changes_the_stored_stance(client, sheriff, editor):
    statement = published(agency=sheriff)
    factories.PositionFactory(statement=statement, stance="opposes")
    stances.refresh([sheriff.pk])
    assert stored(sheriff) == ("opposes", "words_against_deeds")
    client.force_login(editor)
    url, data = statement_change(
        client,
        statement,
        **{"positions-0-stance": "local_discretion"},
        published_at_0="2025-02-11",
        published_at_1="10:00:00",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(sheriff) == ("local_discretion", "")


def test_moving_a_statement_to_another_agency_updates_both(client, sheriff, editor):
    other = factories.AgencyFactory(slug="other-sheriff")
    statement = published(agency=sheriff)
    factories.PositionFactory(statement=statement, stance="opposes")
    stances.refresh()
    client.force_login(editor)
    url, data = statement_change(
        client,
        statement,
        agency=other.pk,
        published_at_0="2025-02-11",
        published_at_1="10:00:00",
    )
    assert client.post(url, data).status_code == 302
    assert stored(sheriff) == ("", "")
    assert stored(other) == ("opposes", "")


def test_an_order_ending_changes_which_position_counts(client, sheriff, editor):
    old_order = factories.OrderFactory(slug="eo-old")
    statement = published(agency=sheriff)
    factories.PositionFactory(statement=statement, order=old_order, stance="supports")
    factories.PositionFactory(statement=statement, stance="opposes")
    stances.refresh()
    assert stored(sheriff) == ("mixed", "")
    client.force_login(editor)
    url = reverse("admin:statements_order_change", args=[old_order.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"signed_on": "2017-01-25", "ended_on": "2021-01-20", "status": "revoked"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(sheriff) == ("opposes", "words_against_deeds")


def test_an_agreement_edited_in_the_admin_changes_the_result(client, sheriff, editor):
    published_statement = published(agency=sheriff)
    factories.PositionFactory(statement=published_statement, stance="opposes")
    stances.refresh()
    agreement = sheriff.agreements.get()
    client.force_login(editor)
    url = reverse("admin:statements_agreement_change", args=[agreement.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "signed_on": "2025-04-01",
        "first_listed_on": "2025-05-16",
        "last_listed_on": "2025-07-18",
        "status": "no_longer_listed",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(sheriff) == ("opposes", "")


def test_a_statement_import_changes_the_stored_stance(sheriff, editor):
    csv = (
        b"agency,agency_state,headline,issued_on,summary,stance,status,source_url\n"
        b"Bay County Sheriff,FL,Bay sheriff will not join,2025-02-10,A summary.,"
        b"opposes,published,https://news.example.org/bay\n"
    )
    import_statement_csv(csv, "statements.csv", user=editor)
    assert stored(sheriff) == ("opposes", "words_against_deeds")


def test_an_ice_list_that_drops_the_agreement_changes_the_result(sheriff):
    statement = published(agency=sheriff)
    factories.PositionFactory(statement=statement, stance="opposes")
    stances.refresh()
    assert stored(sheriff) == ("opposes", "words_against_deeds")
    later_list = (
        b"STATE,LAW ENFORCEMENT AGENCY,TYPE,COUNTY,SUPPORT TYPE,SIGNED,MOA\n"
        b"FLORIDA,Somewhere Else Police,Municipality,,Task Force Model,45000,\n"
    )
    # Its only agreement leaves the list: confirmed, as the import asks.
    import_ice_list(
        later_list,
        "list.csv",
        listed_on=datetime.date(2025, 9, 1),
        confirm_removals=True,
    )
    assert stored(sheriff) == ("opposes", "")


def test_a_merge_gives_the_keeper_the_duplicates_words(sheriff):
    duplicate = factories.AgencyFactory(slug="bay-so-duplicate")
    statement = published(agency=duplicate)
    factories.PositionFactory(statement=statement, stance="opposes")
    stances.refresh()
    merge_agencies(sheriff, duplicate)
    assert stored(sheriff) == ("opposes", "words_against_deeds")

"""Editors and contributors in the admin, through the real test client."""

import pytest
from django.urls import reverse
from django.utils import timezone

from statements import publishing
from statements.models import Statement
from tests import factories

ADD_URL = reverse("admin:statements_statement_add")


def statement_form(agency, orders, **overrides):
    """The POST an editor's browser sends for a statement with one position per order."""
    data = {
        "agency": agency.pk,
        "speaker_name": "Jane Doe",
        "speaker_title": "Sheriff",
        "headline": "Sheriff welcomes the order",
        "slug": "sheriff-welcomes-the-order",
        "kind": "press_release",
        "issued_on": "2025-02-03",
        "issued_on_precision": "day",
        "summary": "The sheriff said the county would apply for an agreement.",
        "source_name": "County website",
        "source_url": "https://example.org/release",
        "archived_url": "",
        "text": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "positions-TOTAL_FORMS": str(len(orders)),
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "1",
        "positions-MAX_NUM_FORMS": "1000",
    }
    for index, (order, stance) in enumerate(orders):
        data.update(
            {
                f"positions-{index}-order": order.pk,
                f"positions-{index}-topic": "287g_agreements",
                f"positions-{index}-stance": stance,
                f"positions-{index}-mandate_view": "supports_mandates",
                f"positions-{index}-quote": "",
                f"positions-{index}-note": "",
            }
        )
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_editor_adds_a_statement_with_two_positions_and_publishes_it(client, editor):
    agency = factories.AgencyFactory()
    first, second = factories.OrderFactory(), factories.OrderFactory()
    client.force_login(editor)

    response = client.post(
        ADD_URL,
        statement_form(
            agency,
            [(first, "supports"), (second, "mixed")],
            status="published",
            checked_against_source="on",
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get(slug="sheriff-welcomes-the-order")
    assert statement.status == "published"
    assert statement.verified_by == editor
    assert statement.published_at is not None
    assert statement.created_by == editor
    assert sorted(statement.positions.values_list("stance", flat=True)) == [
        "mixed",
        "supports",
    ]
    assert list(Statement.objects.published()) == [statement]
    # The public page is there for "view on site".
    assert client.get(statement.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_contributor_cannot_publish_by_posting_the_status(client, contributor):
    agency = factories.AgencyFactory()
    client.force_login(contributor)

    response = client.post(
        ADD_URL,
        statement_form(
            agency, [(factories.OrderFactory(), "opposes")], status="published"
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Only editors can set a statement to “Published”" in errors["status"][0]
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_contributor_drafts_and_submits_for_review(client, contributor):
    agency = factories.AgencyFactory()
    client.force_login(contributor)

    response = client.post(
        ADD_URL,
        statement_form(
            agency, [(factories.OrderFactory(), "opposes")], status="in_review"
        ),
    )

    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.status == "in_review"
    assert statement.published_at is None
    assert not Statement.objects.published().exists()


@pytest.mark.django_db
def test_contributor_cannot_change_a_published_statement(
    client, contributor, published_statement
):
    client.force_login(contributor)
    url = reverse("admin:statements_statement_change", args=[published_statement.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]  # shown read-only

    client.post(url, {"headline": "Changed by a contributor", "status": "draft"})
    published_statement.refresh_from_db()
    assert published_statement.headline != "Changed by a contributor"
    assert published_statement.status == "published"


@pytest.mark.django_db
def test_contributor_has_no_publish_action_and_cannot_forge_one(
    client, contributor, draft_statement
):
    client.force_login(contributor)
    changelist = reverse("admin:statements_statement_changelist")
    actions = client.get(changelist).context["action_form"].fields["action"].choices
    assert "publish_selected" not in [name for name, _ in actions]

    client.post(
        changelist,
        {"action": "publish_selected", "_selected_action": [draft_statement.pk]},
    )
    draft_statement.refresh_from_db()
    assert draft_statement.status == "draft"


@pytest.mark.django_db
def test_editor_publishes_and_unpublishes_with_actions(client, editor, draft_statement):
    client.force_login(editor)
    changelist = reverse("admin:statements_statement_changelist")

    # Nobody checked it against its source: the action asks first.
    asked = client.post(
        changelist,
        {"action": "publish_selected", "_selected_action": [draft_statement.pk]},
    )
    assert "Publish without a check" in asked.content.decode()
    assert draft_statement.headline in asked.content.decode()
    assert not Statement.objects.published().exists()

    client.post(
        changelist,
        {
            "action": "publish_selected",
            "_selected_action": [draft_statement.pk],
            "publish_unchecked": "yes",
        },
    )
    assert list(Statement.objects.published()) == [draft_statement]

    client.post(
        changelist,
        {"action": "unpublish_selected", "_selected_action": [draft_statement.pk]},
    )
    draft_statement.refresh_from_db()
    assert draft_statement.status == "draft"
    assert not Statement.objects.published().exists()


@pytest.mark.django_db
def test_publishing_functions_refuse_contributors_on_the_server(
    contributor, draft_statement
):
    with pytest.raises(publishing.PublishingNotAllowed):
        publishing.publish(draft_statement, contributor)
    draft_statement.refresh_from_db()
    assert draft_statement.status == "draft"


@pytest.mark.django_db
def test_changelist_filters_and_search(client, editor):
    order = factories.OrderFactory(number="13768", slug="eo-13768")
    wanted = factories.PositionFactory(
        order=order, stance="local_discretion", statement__headline="Chiefs speak"
    ).statement
    factories.PositionFactory(stance="supports", statement__headline="Sheriff speaks")
    client.force_login(editor)
    changelist = reverse("admin:statements_statement_changelist")

    page = client.get(changelist)
    assert "EO 13768 (1)" in page.content.decode()  # the order filter shows counts
    by_order = client.get(changelist, {"order": order.slug})
    assert list(by_order.context["cl"].result_list) == [wanted]
    by_stance = client.get(changelist, {"positions__stance": "local_discretion"})
    assert list(by_stance.context["cl"].result_list) == [wanted]
    by_search = client.get(changelist, {"q": "Chiefs"})
    assert list(by_search.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_agency_autocomplete_finds_agencies_by_short_name(client, editor):
    factories.AgencyFactory(
        name="International Association of Chiefs of Police",
        short_name="IACP",
        slug="iacp",
        state="",
    )
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "IACP",
            "app_label": "statements",
            "model_name": "statement",
            "field_name": "agency",
        },
    )
    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert texts == ["International Association of Chiefs of Police"]


@pytest.mark.django_db
def test_editor_groups_exist_with_the_publishing_right(editor, contributor):
    assert publishing.can_publish(editor)
    assert not publishing.can_publish(contributor)
    assert contributor.has_perm("statements.add_statement")


@pytest.mark.django_db
def test_new_statement_offers_two_positions_without_a_preset_topic(client, editor):
    client.force_login(editor)
    page = client.get(ADD_URL)
    formset = page.context["inline_admin_formsets"][0].formset
    assert formset.total_form_count() == 2
    assert all(form["topic"].value() in (None, "") for form in formset.forms)
    assert '<option value="" selected>Choose a topic</option>' in page.content.decode()

    statement = factories.PositionFactory().statement
    change = client.get(
        reverse("admin:statements_statement_change", args=[statement.pk])
    )
    assert change.context["inline_admin_formsets"][0].formset.total_form_count() == 1


@pytest.mark.django_db
def test_a_position_needs_its_topic_chosen(client, editor):
    agency, order = factories.AgencyFactory(), factories.OrderFactory()
    client.force_login(editor)
    data = statement_form(agency, [(order, "supports")])
    data["positions-0-topic"] = ""
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Statement.objects.filter(slug="sheriff-welcomes-the-order").exists()


@pytest.mark.django_db
def test_admin_pages_link_the_staff_desk(client, editor):
    client.force_login(editor)
    for url in [
        reverse("admin:index"),
        reverse("admin:statements_statement_changelist"),
    ]:
        assert (
            'href="/staff/orders/">Staff desk</a>' in client.get(url).content.decode()
        )


@pytest.mark.django_db
def test_public_header_links_the_staff_desk_for_staff_only(client, editor):
    # An anonymous reader's page, cached, never carries the staff link...
    for _ in range(2):
        assert "Staff desk" not in client.get("/about/").content.decode()
    # ...and signed-in staff, who never get cached pages, see it.
    client.force_login(editor)
    page = client.get("/about/").content.decode()
    assert 'href="/staff/orders/">Staff desk</a>' in page
    client.logout()
    assert "Staff desk" not in client.get("/about/").content.decode()


@pytest.mark.django_db
def test_publish_action_asks_nothing_for_checked_statements(client, editor):
    checked = factories.StatementFactory(verified_at=timezone.now(), verified_by=editor)
    client.force_login(editor)
    client.post(
        reverse("admin:statements_statement_changelist"),
        {"action": "publish_selected", "_selected_action": [checked.pk]},
    )
    assert list(Statement.objects.published()) == [checked]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/statements/statement/add/?agency=%C2%B2&co_issuers=1,%C2%B2",
        "/admin/statements/agreement/add/?agency=%C2%B2",
        "/admin/statements/order/add/?replaced_by=x",
        "/admin/statements/correction/add/?statement=1.5",
    ],
)
def test_an_add_form_ignores_ids_in_its_address_that_are_not_ids(client, editor, path):
    """A prefilled relation that cannot be an id ("²" is a digit to Python) is left
    empty instead of ending in a server error."""
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    good = client.get("/admin/statements/statement/add/?agency=999999")
    assert good.status_code == 200

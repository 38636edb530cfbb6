"""The seed case: the 2017 immigration orders, what replaced them, and the IACP's
statement of 2017-01-30. Facts from the Federal Register and the statement; every
summary is written in the newsroom's own words."""

import datetime

from django.db import transaction

from . import changes
from .choices import (
    AgencyKind,
    EditorialStatus,
    JurisdictionLevel,
    MandateView,
    OrderKind,
    OrderStatus,
    Stance,
    StatementKind,
    Topic,
)
from .models import Agency, Order, Position, Statement

SEED_SOURCE_URL = (
    "https://police1.com/iacp/articles/iacp-strongly-opposes-use-of-local-state-"
    "police-to-enforce-trump-immigration-mandate-cUjnWzX2A8wYd50T"
)

ORDERS = [
    {
        "slug": "eo-13768",
        "number": "13768",
        "kind": OrderKind.EXECUTIVE_ORDER,
        "title": "Enhancing Public Safety in the Interior of the United States",
        "signed_on": datetime.date(2017, 1, 25),
        "published_on": datetime.date(2017, 1, 30),
        "citation": "82 FR 8799",
        "document_number": "2017-02102",
        "url": "https://www.federalregister.gov/d/2017-02102",
        "status": OrderStatus.REVOKED,
        "ended_on": datetime.date(2021, 1, 20),
        "summary": "Sets interior enforcement priorities. Section 8 tells the Secretary of "
        "Homeland Security to sign 287(g) agreements with state and local agencies that "
        "want them; section 9 seeks to cut federal grants to jurisdictions that limit "
        "cooperation with immigration authorities.",
    },
    {
        "slug": "eo-13769",
        "number": "13769",
        "kind": OrderKind.EXECUTIVE_ORDER,
        "title": "Protecting the Nation From Foreign Terrorist Entry Into the United States",
        "signed_on": datetime.date(2017, 1, 27),
        "published_on": datetime.date(2017, 2, 1),
        "citation": "82 FR 8977",
        "document_number": "2017-02281",
        "url": "https://www.federalregister.gov/d/2017-02281",
        "status": OrderStatus.SUPERSEDED,
        "ended_on": datetime.date(2017, 3, 16),
        "summary": "Suspends entry from seven countries and pauses refugee admissions for "
        "several months. Courts blocked much of it within days, and a new order took "
        "its place in March 2017.",
    },
    {
        "slug": "eo-13780",
        "number": "13780",
        "kind": OrderKind.EXECUTIVE_ORDER,
        "title": "Protecting the Nation From Foreign Terrorist Entry Into the United States",
        "signed_on": datetime.date(2017, 3, 6),
        "citation": "82 FR 13209",
        "status": OrderStatus.REVOKED,
        "ended_on": datetime.date(2021, 1, 20),
        "summary": "The second version of the entry restrictions, replacing EO 13769 from "
        "16 March 2017 with a narrower list of countries.",
    },
    {
        "slug": "eo-13993",
        "number": "13993",
        "kind": OrderKind.EXECUTIVE_ORDER,
        "title": "Revision of Civil Immigration Enforcement Policies and Priorities",
        "signed_on": datetime.date(2021, 1, 20),
        "citation": "86 FR 7051",
        "document_number": "2021-01768",
        "url": "https://www.federalregister.gov/d/2021-01768",
        "status": OrderStatus.REVOKED,
        "ended_on": datetime.date(2025, 1, 20),
        "summary": "Revokes EO 13768 and asks the departments to review the enforcement "
        "policies adopted under it.",
    },
    {
        "slug": "eo-14159",
        "number": "14159",
        "kind": OrderKind.EXECUTIVE_ORDER,
        "title": "Protecting the American People Against Invasion",
        "signed_on": datetime.date(2025, 1, 20),
        "citation": "90 FR 8443",
        "document_number": "2025-02006",
        "url": "https://www.federalregister.gov/d/2025-02006",
        "status": OrderStatus.IN_EFFECT,
        "summary": "Revokes EO 13993 and restores a broad interior enforcement push. "
        "Section 11 again directs the Department of Homeland Security to sign 287(g) "
        "agreements with state and local agencies to the greatest extent it can.",
    },
]

# (order, what replaced it)
LINEAGE = [("eo-13768", "eo-13993"), ("eo-13993", "eo-14159"), ("eo-13769", "eo-13780")]

AGENCIES = [
    {
        "slug": "iacp",
        "name": "International Association of Chiefs of Police",
        "short_name": "IACP",
        "kind": AgencyKind.ASSOCIATION_CHIEFS,
        "jurisdiction_level": JurisdictionLevel.NATIONAL,
        "city": "Alexandria",
        "website": "https://www.theiacp.org/",
        "notes": "Its national office is in Alexandria, Virginia; no state is set because "
        "it speaks for members across the country and abroad.",
    },
    {
        "slug": "illinois-association-of-chiefs-of-police",
        "name": "Illinois Association of Chiefs of Police",
        "short_name": "ILACP",
        "kind": AgencyKind.ASSOCIATION_CHIEFS,
        "jurisdiction_level": JurisdictionLevel.STATE,
        "state": "IL",
        "website": "https://www.ilchiefs.org/",
    },
]

STATEMENT = {
    "slug": "iacp-statement-on-immigration-executive-orders-2017-01-30",
    "headline": "IACP calls for a careful rollout of the travel order and says 287(g) "
    "must stay voluntary",
    "kind": StatementKind.PRESS_RELEASE,
    "issued_on": datetime.date(2017, 1, 30),
    "summary": "Responding to the two immigration orders of late January 2017, the "
    "chiefs' association asked that the entry restrictions be put in place step by step, "
    "with clear instructions for police at home and their partners abroad. On the interior "
    "enforcement order, it noted that the order only tells the Secretary of Homeland "
    "Security to use 287(g) agreements that agencies enter by choice, as earlier "
    "administrations did, and repeated its strong opposition to any requirement that "
    "state and local police enforce federal immigration law, calling that "
    "“an inherently local decision”. The Illinois Association of Chiefs of Police "
    "said it stood behind the statement.",
    "source_name": "Police1",
    # The Police1 report of the statement; the IACP's own copy was not found.
    "source_url": SEED_SOURCE_URL,
    "status": EditorialStatus.PUBLISHED,
    "published_at": datetime.datetime(2017, 1, 31, 12, 0, tzinfo=datetime.UTC),
}

POSITIONS = [
    {
        "order": "eo-13769",
        "topic": Topic.TRAVEL_ENTRY,
        "stance": Stance.INFORMATIONAL,
        "mandate_view": MandateView.NOT_ADDRESSED,
        "note": "Takes no side on the entry restrictions; asks for a structured rollout "
        "and clear guidance.",
    },
    {
        "order": "eo-13768",
        "topic": Topic.AGREEMENTS_287G,
        "stance": Stance.LOCAL_DISCRETION,
        "mandate_view": MandateView.OPPOSES_MANDATES,
        "quote": "an inherently local decision",
        "note": "Welcomes that 287(g) stays voluntary; opposes any mandate.",
    },
]


@transaction.atomic
def load_sample_data():
    """Create the seed case where it is missing. Existing records are left as they are,
    so running it again (or after editors changed the seed) changes nothing."""
    created = []
    orders = {}
    for values in ORDERS:
        fields = dict(values)
        slug = fields.pop("slug")
        orders[slug], was_created = Order.objects.get_or_create(
            slug=slug, defaults=fields
        )
        if was_created:
            created.append(orders[slug])
    for old, new in LINEAGE:
        if orders[old].replaced_by_id is None and was_new(orders[old], created):
            orders[old].replaced_by = orders[new]
            orders[old].save(update_fields=["replaced_by"])

    agencies = {}
    for values in AGENCIES:
        fields = dict(values)
        slug = fields.pop("slug")
        agencies[slug], was_created = Agency.objects.get_or_create(
            slug=slug, defaults=fields
        )
        if was_created:
            created.append(agencies[slug])

    fields = dict(STATEMENT)
    slug = fields.pop("slug")
    statement, was_created = Statement.objects.get_or_create(
        slug=slug, defaults={**fields, "agency": agencies["iacp"]}
    )
    if was_created:
        created.append(statement)
        for values in POSITIONS:
            Position.objects.create(
                statement=statement, **{**values, "order": orders[values["order"]]}
            )
    changes.record_changed(statements=[statement])
    return created


def was_new(obj, created):
    return any(obj is item for item in created)

"""A small tracker for view, feed, sitemap, API and browser tests: three orders (one
replacing another), six agencies with agreements, nine public statements, and four
that no reader may see. Words beside deeds: Lakeside opposes taking part yet holds
an agreement; Pine supports and holds none; Harbor calls it a local decision and
holds two (consistent)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from statements import changes
from tests import factories

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=2)


def published(**kwargs):
    kwargs.setdefault("status", "published")
    kwargs.setdefault("published_at", PAST)
    return factories.StatementFactory(**kwargs)


def build_site():
    """A small tracker: three orders (one replacing another), six agencies with
    agreements, nine public statements, and four that no reader may see."""
    site = SimpleNamespace()
    site.eo_new = factories.OrderFactory(
        number="90002",
        title="Restoring Partnerships Order",
        signed_on=datetime.date(2025, 1, 20),
    )
    site.eo_old = factories.OrderFactory(
        number="90001",
        title="Interior Partnerships Order",
        signed_on=datetime.date(2017, 1, 25),
        status="revoked",
        replaced_by=site.eo_new,
        ended_on=datetime.date(2025, 1, 20),
    )
    site.sb = factories.OrderFactory(
        kind="state_law",
        number="SB 99",
        slug="tx-sb-99",
        jurisdiction="TX",
        title="Sheriffs Cooperation Act",
        signed_on=datetime.date(2025, 6, 1),
    )
    agency = factories.AgencyFactory
    site.harbor = agency(
        name="Harbor County Sheriff's Office", slug="harbor-county-so", state="FL"
    )
    site.mesa = agency(
        name="Mesa County Sheriff's Office", slug="mesa-county-so", state="TX"
    )
    site.lake = agency(
        name="Lakeside Police Department",
        slug="lakeside-pd",
        state="IL",
        kind="municipal_police",
    )
    site.pine = agency(
        name="Pine Ridge Sheriff's Office", slug="pine-ridge-so", state="CA"
    )
    site.chiefs = agency(
        name="National Chiefs Group",
        short_name="NCG",
        slug="national-chiefs-group",
        state="",
        kind="association_chiefs",
        jurisdiction_level="national",
    )
    site.quiet = agency(
        name="Quiet Hollow Police",
        slug="quiet-hollow",
        state="NV",
        kind="municipal_police",
    )

    # Deeds: Harbor holds two listed agreements, Mesa one listed and one dropped.
    site.harbor_tfm = factories.AgreementFactory(
        agency=site.harbor,
        model="task_force",
        signed_on=datetime.date(2025, 2, 26),
        moa_url="https://www.ice.gov/doclib/harbor-tfm.pdf",
    )
    factories.AgreementFactory(
        agency=site.harbor,
        model="jail_enforcement",
        signed_on=datetime.date(2019, 7, 1),
    )
    factories.AgreementFactory(
        agency=site.mesa,
        model="warrant_service_officer",
        signed_on=datetime.date(2025, 3, 3),
    )
    factories.AgreementFactory(
        agency=site.mesa,
        model="task_force",
        signed_on=datetime.date(2020, 1, 1),
        status="no_longer_listed",
    )
    factories.AgreementFactory(
        agency=site.quiet, model="task_force", signed_on=datetime.date(2025, 4, 4)
    )
    # Lakeside signs in May 2025, after saying in February it would not take part.
    site.lake_tfm = factories.AgreementFactory(
        agency=site.lake, model="task_force", signed_on=datetime.date(2025, 5, 1)
    )

    position = factories.PositionFactory
    # Harbor: supported in 2017, now says it is a local decision, and holds
    # agreements: consistent (a local decision is not opposition).
    site.harbor_2017 = published(
        agency=site.harbor,
        headline="Harbor sheriff welcomes partnership order",
        slug="harbor-welcomes",
        issued_on=datetime.date(2017, 2, 1),
    )
    position(statement=site.harbor_2017, order=site.eo_old, stance="supports")
    site.harbor_2025 = published(
        agency=site.harbor,
        headline="Harbor sheriff says joining is a county choice",
        slug="harbor-county-choice",
        issued_on=datetime.date(2025, 3, 1),
        summary="The sheriff says each county should decide for itself.",
    )
    position(
        statement=site.harbor_2025,
        order=site.eo_new,
        stance="local_discretion",
        mandate_view="opposes_mandates",
        quote="a county choice",
    )
    # Mesa supports the state law and its mandate.
    site.mesa_sb = published(
        agency=site.mesa,
        headline="Mesa sheriff backs the cooperation act",
        slug="mesa-backs-act",
        issued_on=datetime.date(2025, 6, 5),
    )
    position(
        statement=site.mesa_sb,
        order=site.sb,
        stance="supports",
        mandate_view="supports_mandates",
        topic="mandates",
    )
    position(
        statement=site.mesa_sb, order=site.eo_new, stance="supports_with_conditions"
    )
    # Lakeside opposes, yet holds an agreement (signed after it spoke); Pine
    # supports but holds nothing.
    site.lake_st = published(
        agency=site.lake,
        headline="Lakeside chief will not enforce immigration law",
        slug="lakeside-will-not",
        issued_on=datetime.date(2025, 2, 10),
    )
    position(
        statement=site.lake_st,
        order=site.eo_new,
        stance="opposes",
        mandate_view="opposes_mandates",
    )
    site.pine_st = published(
        agency=site.pine,
        headline="Pine Ridge sheriff wants to join 287(g)",
        slug="pine-ridge-wants",
        issued_on=datetime.date(2025, 5, 5),
    )
    position(
        statement=site.pine_st,
        order=site.eo_new,
        stance="supports",
        topic="287g_agreements",
    )
    # The national group, co-issued with Lakeside, on two orders.
    site.chiefs_st = published(
        agency=site.chiefs,
        headline="Chiefs group asks for clear guidance",
        slug="chiefs-guidance",
        issued_on=datetime.date(2017, 1, 30),
        text="We ask for a careful rollout.",
    )
    site.chiefs_st.co_issuers.add(site.lake)
    position(
        statement=site.chiefs_st,
        order=site.eo_old,
        stance="local_discretion",
        mandate_view="opposes_mandates",
    )
    position(
        statement=site.chiefs_st,
        order=None,
        topic="travel_entry",
        stance="informational",
    )
    for n in range(3):
        extra = published(
            agency=site.chiefs,
            headline=f"Chiefs group bulletin {n}",
            slug=f"chiefs-bulletin-{n}",
            issued_on=datetime.date(2024, 1, 1 + n),
        )
        position(statement=extra, order=site.eo_new, stance="informational")

    # Never public: a draft, one in review, one sent back, one withdrawn and one
    # scheduled.
    site.hidden = []
    for status, offset, word in [
        ("draft", None, "draft"),
        ("in_review", None, "review"),
        ("sent_back", None, "sent-back"),
        ("withdrawn", -5, "withdrawn"),
        ("published", 3, "scheduled"),
    ]:
        hidden = factories.StatementFactory(
            agency=site.quiet,
            status=status,
            published_at=None
            if offset is None
            else NOW + datetime.timedelta(days=offset),
            headline=f"Zz secret {word} headline",
            slug=f"zz-secret-{word}",
            issued_on=datetime.date(2025, 7, 1),
            summary=f"Zz secret {word} summary",
        )
        for order in (site.eo_new, site.eo_old, site.sb):
            position(
                statement=hidden,
                order=order,
                stance="mixed",
                mandate_view="supports_mandates",
            )
        hidden.co_issuers.add(site.harbor)
        site.hidden.append(hidden)
    site.public_count = 9
    # The records were written directly, not through the admin or an import: derive
    # the stored stances as those would have (changes.record_changed).
    changes.rebuild_derived()
    return site

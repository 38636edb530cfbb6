"""Merging a duplicate agency into the one to keep.

Imports create an agency whenever a name does not match; when ICE spells one agency
two ways, or an editor had already entered it under another name, an editor merges
the two. Everything the duplicate had moves to the agency kept, the duplicate's
name stays as an alias so that the next import of ICE's list finds the right agency,
and its address redirects to the agency kept.
"""

from django.db import transaction
from django.utils import timezone

from . import changes, page_cache
from .choices import AgreementStatus, RequestStatus
from .models import (
    AgencyAlias,
    AgencyRedirect,
    Agreement,
    AgreementRequest,
    Inquiry,
    Statement,
)
from .normalize import normalize_agency_name


def merge_agencies(keeper, duplicate):
    """Move the duplicate's statements, co-issued statements, agreements, requests and
    aliases to ``keeper``, remember its name as an alias, and delete it."""
    if keeper.pk == duplicate.pk:
        raise ValueError("An agency cannot be merged into itself.")
    with transaction.atomic(), page_cache.one_bump():
        Statement.objects.filter(agency=duplicate).update(agency=keeper)
        co_issuers = Statement.co_issuers.through
        for link in co_issuers.objects.filter(agency=duplicate):
            if link.statement.agency_id != keeper.pk:
                co_issuers.objects.get_or_create(
                    statement_id=link.statement_id, agency=keeper
                )
            link.delete()
        # A statement of the duplicate that the keeper co-issued is now the keeper's own.
        co_issuers.objects.filter(agency=keeper, statement__agency=keeper).delete()
        for agreement in Agreement.objects.filter(agency=duplicate):
            twin = Agreement.objects.filter(
                agency=keeper,
                model=agreement.model,
                signed_on=agreement.signed_on,
                **(
                    {}
                    if agreement.signed_on
                    else {"signed_text": agreement.signed_text}
                ),
            ).first()
            _move_or_combine(agreement, twin, keeper, AgreementStatus.LISTED)
        for request in AgreementRequest.objects.filter(agency=duplicate):
            twin = AgreementRequest.objects.filter(
                agency=keeper, model=request.model
            ).first()
            _move_or_combine(request, twin, keeper, RequestStatus.PENDING)
        AgencyAlias.objects.filter(agency=duplicate).update(agency=keeper)
        # What we asked or searched stays on the record of the agency kept.
        Inquiry.objects.filter(agency=duplicate).update(agency=keeper)
        # The duplicate's address, and every address that led to it, now lead to
        # the agency kept (a 301 from /agencies/<old slug>/).
        AgencyRedirect.objects.filter(agency=duplicate).update(agency=keeper)
        AgencyRedirect.objects.update_or_create(
            slug=duplicate.slug, defaults={"agency": keeper}
        )
        normalized = normalize_agency_name(duplicate.name)
        same_as_keeper = (normalized, duplicate.state) == (
            normalize_agency_name(keeper.name),
            keeper.state,
        )
        already = AgencyAlias.objects.filter(
            normalized_name=normalized, state=duplicate.state
        ).exists()
        if not (same_as_keeper or already):
            AgencyAlias.objects.create(
                agency=keeper, name=duplicate.name, state=duplicate.state
            )
        note = (
            f"{timezone.localdate():%Y-%m-%d}: merged “{duplicate}” "
            f"(address {duplicate.slug}) into this agency."
        )
        keeper.notes = f"{keeper.notes}\n{note}".strip()
        keeper.save(update_fields=["notes", "updated_at"])
        duplicate.delete()
        changes.record_changed(
            agencies=[keeper],
            statements=Statement.objects.by_agency(keeper).values_list("pk", flat=True),
        )
    return keeper


def _move_or_combine(item, twin, keeper, active_status):
    """Give ``item`` to the keeper, or, if the keeper already has the same agreement
    or request, fold its list dates into that one and delete it."""
    if twin is None:
        item.agency = keeper
        item.save(update_fields=["agency", "updated_at"])
        return
    dates = [d for d in (twin.first_listed_on, item.first_listed_on) if d]
    twin.first_listed_on = min(dates) if dates else None
    if item.last_listed_on and (
        twin.last_listed_on is None or item.last_listed_on > twin.last_listed_on
    ):
        # The more recently listed copy carries what ICE prints now.
        for field in item._meta.concrete_fields:
            if field.name.startswith(("ice_", "moa_", "addendum_")) or field.name in {
                "status",
                "last_listed_on",
                "signed_text",
            }:
                setattr(twin, field.attname, getattr(item, field.attname))
    if item.status == active_status:
        twin.status = active_status
    twin.save()
    if hasattr(item, "snapshots"):
        # The lists that had the duplicate's copy had the agreement kept.
        twin.snapshots.add(*item.snapshots.all())
    item.delete()

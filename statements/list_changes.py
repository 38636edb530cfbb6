"""What changed on ICE's list of participating agencies from one list to the one
before it: agreements added, agreements gone, and agencies new to the program (on no
earlier list we imported), in total and per state. Read from the agreements each
list had (``ListSnapshot.agreements``, recorded by the import)."""

from django.db.models import Exists, OuterRef, Q

from .choices import US_STATES, ListKind
from .models import Agency, Agreement, ListSnapshot


def compared_lists():
    """Participating lists whose agreements are recorded, the newest first."""
    return ListSnapshot.objects.filter(
        kind=ListKind.PARTICIPATING, members_recorded=True
    ).order_by("-listed_on", "-imported_at")


def list_of(listed_on=None):
    """The list of that date (the newest import of it), or the newest list; None
    when there is none."""
    lists = compared_lists()
    if listed_on is not None:
        lists = lists.filter(listed_on=listed_on)
    return lists.first()


def _agreement_rows(queryset):
    return [
        {
            "agency": agreement.agency.name,
            "agency_url": agreement.agency.get_absolute_url(),
            "state": agreement.agency.state,
            "model": agreement.get_model_display(),
            "signed_on": agreement.signed_on,
            "signed_text": agreement.signed_text,
        }
        for agreement in queryset.select_related("agency").order_by(
            "agency__state", "agency__name", "model", "signed_on"
        )
    ]


def on_list(snapshot):
    """The agreement (of the outer query) was on ``snapshot``. "Not on it" is
    written as NOT EXISTS, which PostgreSQL answers with an anti-join whatever its
    statistics say; NOT IN a subquery could be planned as a scan of the subquery
    for every agreement, which took minutes on two of ICE's lists."""
    return Exists(
        ListSnapshot.agreements.through.objects.filter(
            listsnapshot=snapshot, agreement=OuterRef("pk")
        )
    )


def list_changes(snapshot):
    """``{"list", "previous", "added", "gone", "new_agencies", "states"}``: plain
    values (kept per version of the record by ``page_cache.figure``). ``previous`` is
    None for the first list imported; then nothing is compared."""
    earlier = compared_lists().filter(listed_on__lt=snapshot.listed_on)
    previous = earlier.first()
    on_this = Agreement.objects.filter(snapshots=snapshot)
    result = {
        "list": {"listed_on": snapshot.listed_on, "file_name": snapshot.file_name},
        "previous": None,
        "added": [],
        "gone": [],
        "new_agencies": [],
        "states": [],
        "total": on_this.count(),
    }
    if previous is None:
        return result
    on_previous = Agreement.objects.filter(snapshots=previous)
    result["previous"] = {
        "listed_on": previous.listed_on,
        "file_name": previous.file_name,
        "total": on_previous.count(),
    }
    result["added"] = _agreement_rows(on_this.filter(~on_list(previous)))
    result["gone"] = _agreement_rows(on_previous.filter(~on_list(snapshot)))
    on_earlier = Agreement.objects.filter(snapshots__in=earlier, agency=OuterRef("pk"))
    new_agencies = Agency.objects.filter(
        Q(pk__in=on_this.values("agency")) & ~Exists(on_earlier)
    ).order_by("state", "name")
    result["new_agencies"] = [
        {"name": a.name, "url": a.get_absolute_url(), "state": a.state}
        for a in new_agencies
    ]
    per_state = {}
    for key in ("added", "gone", "new_agencies"):
        for row in result[key]:
            counts = per_state.setdefault(
                row["state"], {"added": 0, "gone": 0, "new_agencies": 0}
            )
            counts[key] += 1
    result["states"] = [
        {"code": code, "name": US_STATES.get(code, code or "No state"), **counts}
        for code, counts in sorted(
            per_state.items(), key=lambda item: US_STATES.get(item[0], item[0])
        )
    ]
    return result

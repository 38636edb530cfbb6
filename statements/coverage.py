"""Coverage: of the agencies holding a 287(g) agreement on ICE's current list, whom
we have heard from, whom we asked or searched for in vain, and whom we have not
tried yet, per state and per 287(g) model.

Each holder is in exactly one group, the first that applies:
- ``heard``: it issued or co-issued a public statement
  (``Agency.objects.with_public_statements``, the same rule as its page);
- ``asked``: no public statement, and we asked it (``InquiryOutcome.ASKED_NO_STATEMENT``);
- ``searched``: no public statement, not asked, and we searched and found none;
- ``not_yet``: none of these — the reporters' list of whom to call.

Everything is counted in the database with grouped aggregates (a handful of queries
whatever the number of agencies), and pages keep the result per version of the
record (``page_cache.figure``).
"""

from django.db.models import Count, F, Q

from .choices import US_STATES, AgreementModel, InquiryOutcome
from .models import Agency, Agreement, Inquiry

GROUPS = (
    ("heard", "Statement on record"),
    ("asked", "Asked; no statement"),
    ("searched", "Searched; none found"),
    ("not_yet", "Not yet heard from"),
)


def _group_conditions(prefix=""):
    """``{group: Q}`` over agencies (``prefix`` reaches the agency from another
    model, e.g. ``"agency__"``), mutually exclusive as the module says."""
    heard = Q(
        **{f"{prefix}pk__in": Agency.objects.with_public_statements().values("pk")}
    )
    asked = Q(
        **{
            f"{prefix}pk__in": Inquiry.objects.filter(
                outcome=InquiryOutcome.ASKED_NO_STATEMENT
            ).values("agency")
        }
    )
    searched = Q(
        **{
            f"{prefix}pk__in": Inquiry.objects.filter(
                outcome=InquiryOutcome.SEARCHED_NONE_FOUND
            ).values("agency")
        }
    )
    return {
        "heard": heard,
        "asked": ~heard & asked,
        "searched": ~heard & ~asked & searched,
        "not_yet": ~heard & ~asked & ~searched,
    }


def not_heard_from():
    """Agencies holding an agreement on ICE's current list that have no public
    statement (issued or co-issued), whether or not we asked or searched."""
    return Agency.objects.holding_agreements().exclude(_group_conditions()["heard"])


def _row(label, agencies, agreements, key=""):
    row = {"key": key, "label": label, **agencies}
    row["agencies"] = sum(agencies.get(group, 0) for group, _ in GROUPS)
    row["agreements"] = agreements.get("agreements", 0)
    row["agreements_heard"] = agreements.get("agreements_heard", 0)
    row["share_heard"] = (
        round(100 * row["heard"] / row["agencies"], 1) if row["agencies"] else 0
    )
    return row


def coverage_figures():
    """``{"total": row, "states": [row, ...], "models": [row, ...]}``; a row holds
    the number of holding agencies in each group, ``agencies`` (all of them),
    ``agreements`` (on the current list) and ``agreements_heard`` (held by agencies
    we heard from). States are in name order, models in vocabulary order."""
    agency_groups = _group_conditions()
    agreement_groups = _group_conditions("agency__")
    counts = {group: Count("pk", filter=q) for group, q in agency_groups.items()}

    by_state = {
        row.pop("state"): row
        for row in Agency.objects.holding_agreements()
        .order_by()
        .values("state")
        .annotate(**counts)
    }
    listed = Agreement.objects.currently_listed().order_by()
    agreements_counted = {
        "agreements": Count("pk"),
        "agreements_heard": Count("pk", filter=agreement_groups["heard"]),
    }
    agreements_by_state = {
        row.pop("state"): row
        for row in listed.values(state=F("agency__state")).annotate(
            **agreements_counted
        )
    }
    # An agency holding two models counts once for each model, once in the total.
    by_model = {
        row.pop("model"): row
        for row in listed.values("model").annotate(
            **{
                group: Count("agency", distinct=True, filter=q)
                for group, q in agreement_groups.items()
            },
            **agreements_counted,
        )
    }
    states = [
        _row(US_STATES.get(code, code or "No state"), by_state[code],
             agreements_by_state.get(code, {}), key=code)
        for code in sorted(by_state, key=lambda code: US_STATES.get(code, code))
    ]  # fmt: skip
    models = [
        _row(model.label, by_model[model.value], by_model[model.value], model.value)
        for model in AgreementModel
        if model.value in by_model
    ]
    totals = {group: sum(row[group] for row in states) for group, _ in GROUPS}
    total_agreements = {
        name: sum(row[name] for row in states)
        for name in ("agreements", "agreements_heard")
    }
    return {
        "total": _row("All states", totals, total_agreements),
        "states": states,
        "models": models,
    }

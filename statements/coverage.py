"""Coverage: of the agencies holding a 287(g) agreement on ICE's current list, whom
we have heard from, whom we asked or searched for in vain, and whom we have not
tried yet, per state and per 287(g) model.

Each holder is in exactly one group, the first that applies:
- ``heard``: it issued or co-issued a public statement
  (``Agency.objects.with_public_statement_flag``, the rule of its page);
- ``asked``: no public statement, and we asked it (``InquiryOutcome.ASKED_NO_STATEMENT``);
- ``searched``: no public statement, not asked, and we searched and found none;
- ``not_yet``: none of these — the reporters' list of whom to call.

Everything is counted in two grouped queries: the holders by state and by their
flags (each tested once for a public statement, an inquiry and its listed agreements
of each model), and the listed agreements by state and model; pages keep the result per version of the record
(``page_cache.figure``).
"""

from django.db.models import Count, Exists, OuterRef, Q

from .choices import US_STATES, AgreementModel, InquiryOutcome
from .models import Agency, Agreement, Inquiry
from .querysets import public_statement_exists

GROUPS = (
    ("heard", "Statement on record"),
    ("asked", "Asked; no statement"),
    ("searched", "Searched; none found"),
    ("not_yet", "Not yet heard from"),
)


def holders():
    """Agencies holding an agreement on ICE's current list, each with ``is_heard``,
    ``is_asked``, ``is_searched`` and ``holds_<model>`` (an agreement of that model on the
    list)."""
    inquiries = Inquiry.objects.filter(agency=OuterRef("pk"))
    listed = Agreement.objects.currently_listed().filter(agency=OuterRef("pk"))
    return (
        Agency.objects.holding_agreements()
        .with_public_statement_flag("is_heard")
        .annotate(
            is_asked=Exists(
                inquiries.filter(outcome=InquiryOutcome.ASKED_NO_STATEMENT)
            ),
            is_searched=Exists(
                inquiries.filter(outcome=InquiryOutcome.SEARCHED_NONE_FOUND)
            ),
            **{
                f"holds_{model}": Exists(listed.filter(model=model))
                for model in AgreementModel.values
            },
        )
    )


def not_heard_from():
    """Agencies holding an agreement on ICE's current list that have no public
    statement (issued or co-issued), whether or not we asked or searched."""
    return holders().filter(is_heard=False)


def _row(label, values, key="", model=None):
    """A row of the figures from the grouped counts, for all models or one."""
    prefix = f"{model}_" if model else ""
    row = {"key": key, "label": label}
    for group, _label in GROUPS:
        row[group] = values.get(f"{prefix}{group}", 0)
    row["agencies"] = sum(row[group] for group, _label in GROUPS)
    row["agreements"] = values.get(f"{prefix}agreements", 0)
    row["agreements_heard"] = values.get(f"{prefix}agreements_heard", 0)
    row["share_heard"] = (
        round(100 * row["heard"] / row["agencies"], 1) if row["agencies"] else 0
    )
    return row


def coverage_figures():
    """``{"total": row, "states": [row, ...], "models": [row, ...]}``; a row holds
    the number of holding agencies in each group, ``agencies`` (all of them),
    ``agreements`` (on the current list) and ``agreements_heard`` (held by agencies
    we heard from). An agency holding two models counts under each model, once in
    its state and the total. States are in name order, models in vocabulary order.
    Two grouped queries: holders by state, listed agreements by state and model."""
    # Holders grouped by state and by their flags: each test runs once per agency,
    # and the few combinations are folded into the groups here.
    flags = ["is_heard", "is_asked", "is_searched"]
    flags += [f"holds_{model}" for model in AgreementModel.values]
    by_state = {}
    combinations = (
        holders().order_by().values_list("state", *flags).annotate(n=Count("pk"))
    )
    for state, heard, asked, searched, *holds, n in combinations:
        group = (
            "heard"
            if heard
            else "asked"
            if asked
            else "searched"
            if searched
            else "not_yet"
        )
        values = by_state.setdefault(state, {})
        values[group] = values.get(group, 0) + n
        for model, held in zip(AgreementModel.values, holds, strict=True):
            if held:
                key = f"{model}_{group}"
                values[key] = values.get(key, 0) + n
    agreements = (
        Agreement.objects.currently_listed()
        .annotate(is_heard=public_statement_exists("agency"))
        .order_by()
        .values_list("agency__state", "model")
        .annotate(n=Count("pk"), n_heard=Count("pk", filter=Q(is_heard=True)))
    )
    for state, model, n, n_heard in agreements:
        values = by_state.setdefault(state, {})
        for prefix in ("", f"{model}_"):
            values[f"{prefix}agreements"] = values.get(f"{prefix}agreements", 0) + n
            values[f"{prefix}agreements_heard"] = (
                values.get(f"{prefix}agreements_heard", 0) + n_heard
            )
    names = {name for values in by_state.values() for name in values}
    totals = {
        name: sum(values.get(name, 0) for values in by_state.values()) for name in names
    }
    states = [
        _row(US_STATES.get(code, code or "No state"), by_state[code], key=code)
        for code in sorted(by_state, key=lambda code: US_STATES.get(code, code))
    ]
    models = [
        _row(model.label, totals, key=model.value, model=model.value)
        for model in AgreementModel
        if totals.get(f"{model.value}_agreements")
    ]
    return {"total": _row("All states", totals), "states": states, "models": models}

"""Importing statements from a CSV file: the rows read and checked by
``statement_csv.Resolver``, grouped into statements, then saved all or nothing.

All or nothing unless asked otherwise: every problem is listed by row and column and
nothing is written. Re-importing a file updates the statements it made before. Status
changes go through ``publishing.apply_status``, so a file cannot publish what its
importer could not publish by hand.
"""

from dataclasses import dataclass, field

import reversion
from django.db import transaction

from .. import changes, db_stats, page_cache, publishing
from ..choices import EditorialStatus
from ..models import Agency, AgencyAlias, Position, Statement
from .reading import ImportFailed, read_table, row_values
from .statement_csv import COLUMNS, REQUIRED_COLUMNS, Resolver


@dataclass
class StatementImportReport:
    dry_run: bool = False
    agencies_created: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def summary(self):
        would = "would be " if self.dry_run else ""
        return (
            f"{len(self.created)} statements {would}created, {len(self.updated)} "
            f"{would}updated, {len(self.unchanged)} unchanged; "
            f"{len(self.agencies_created)} agencies {would}created; "
            f"{len(self.skipped)} rows skipped."
        )


def import_statement_csv(
    data, file_name, *, user=None, skip_invalid=False, dry_run=False
):
    """Import statements from CSV bytes. Raises ImportFailed, writing nothing, when any
    row is invalid (unless ``skip_invalid``, which imports whole statements whose rows
    are all valid and reports the rest)."""
    header, rows = read_table(data, file_name, COLUMNS, REQUIRED_COLUMNS, "statements")

    with transaction.atomic(), page_cache.one_bump():
        report = StatementImportReport(dry_run=dry_run)
        resolver = Resolver(user)
        groups, errors = {}, {}
        for number, cells, _links in rows:
            values = row_values(header, cells)
            if not any(values.values()):
                continue
            row_errors = []
            resolver.add_row(number, values, groups, row_errors)
            if row_errors:
                errors[number] = row_errors
        statements = [group for group in groups.values() if group.rows]
        _check_statuses(statements, user, errors)
        bad_keys = {resolver.row_keys.get(number) for number in errors}
        bad_groups = [
            g for g in statements if g.key in bad_keys or set(g.rows) & set(errors)
        ]
        if errors and not skip_invalid:
            raise ImportFailed(
                [problem for number in sorted(errors) for problem in errors[number]]
            )
        for group in bad_groups:
            statements.remove(group)
            bad_rows = sorted(
                n
                for n in errors
                if n in group.rows or resolver.row_keys[n] == group.key
            )
            for number in group.rows:
                report.skipped.extend(
                    errors.get(number)
                    or [
                        f"row {number}: skipped because row "
                        f"{', '.join(map(str, bad_rows))} of the same statement "
                        "is invalid."
                    ]
                )
        for number in sorted(set(errors) - {r for g in bad_groups for r in g.rows}):
            report.skipped.extend(errors[number])
        for group in statements:
            # Each statement's change is a version in its history, as an admin
            # save would be.
            with reversion.create_revision():
                reversion.set_user(user)
                reversion.set_comment("Imported from a statements file.")
                _save(group, resolver, user, report)
        changes.record_changed(
            statements=report.created + report.updated + report.unchanged
        )
        report.agencies_created = resolver.agencies.created
        db_stats.refresh_after_commit(
            [Statement, Statement.co_issuers.through, Position, Agency, AgencyAlias]
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _existing(group):
    if group.agency is None:
        return None
    return Statement.objects.filter(
        agency=group.agency,
        issued_on=group.issued_on,
        issued_on_precision=group.precision,
        headline__iexact=group.key[3],
    ).first()


def _check_statuses(groups, user, errors):
    """Refuse status changes the importer has no right to make, like the admin form."""
    for group in groups:
        existing = _existing(group)
        old = existing.status if existing else EditorialStatus.DRAFT
        new = group.values["status"] or old
        problem = None
        if existing and not publishing.can_edit(user, existing):
            problem = (
                f"the statement exists and is {existing.get_status_display().lower()}; "
                "only an editor may change it (give --user with an editor's name)."
            )
        else:
            try:
                publishing.check_status_change(user, old, new)
            except publishing.PublishingNotAllowed as refusal:
                problem = str(refusal)
                if user is None:
                    problem += " Give --user with an editor's name to import it as is."
        if not problem and publishing.note_problems(new, "", old):
            problem = (
                "a statement is sent back with a note saying what to change, which a "
                "file cannot give: import it as in_review, then send it back from its "
                "page in the admin."
            )
        number = group.first_row
        if problem:
            errors.setdefault(number, []).append(f"row {number}, status: {problem}")
        elif new == EditorialStatus.PUBLISHED:
            source_url = group.values["source_url"]
            for column, message in publishing.publication_problems(source_url).items():
                errors.setdefault(number, []).append(
                    f"row {number}, {column}: {message}"
                )


STATEMENT_FIELDS = (
    "speaker_name",
    "speaker_title",
    "kind",
    "summary",
    "source_name",
    "source_url",
)


def _save(group, resolver, user, report):
    agency = resolver.agency_for(group)
    statement = _existing(group)
    created = statement is None
    if created:
        statement = Statement(
            agency=agency,
            headline=group.headline,
            slug=resolver.statement_slug(group.headline, group.issued_on),
            issued_on=group.issued_on,
            issued_on_precision=group.precision,
        )
    changed = created
    for name in STATEMENT_FIELDS:
        if getattr(statement, name) != group.values[name]:
            setattr(statement, name, group.values[name])
            changed = True
    old_status = statement.status
    new_status = group.values["status"] or old_status
    if new_status != old_status:
        statement.status = new_status
        changed = True
    if changed:
        publishing.apply_status(statement, user, old_status)
        statement.save()
        publishing.log_status_change(statement, user, old_status)
    positions_changed = _save_positions(statement, group.positions)
    if positions_changed:
        # Its version holds its positions: keep one of the statement itself.
        reversion.add_to_revision(statement)
    if created:
        report.created.append(statement)
    elif changed or positions_changed:
        report.updated.append(statement)
    else:
        report.unchanged.append(statement)


def _save_positions(statement, positions):
    """Make the statement's positions those of the file, matched by order and topic
    so that an editor's notes on a position survive a re-import."""
    current = {(p.order_id, p.topic): p for p in statement.positions.all()}
    wanted = {}
    for values in positions:
        key = (values["order"].pk if values["order"] else None, values["topic"])
        wanted[key] = values
    changed = False
    for key, position in current.items():
        if key not in wanted:
            position.delete()
            changed = True
    for key, values in wanted.items():
        fields = {
            "stance": values["stance"],
            "mandate_view": values["mandate_view"],
            "quote": values["quote"],
        }
        position = current.get(key)
        if position is None:
            Position.objects.create(
                statement=statement,
                order=values["order"],
                topic=values["topic"],
                **fields,
            )
            changed = True
        elif any(getattr(position, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(position, name, value)
            position.save()
            changed = True
    return changed

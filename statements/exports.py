"""The one writer of downloads: statements (CSV and JSON, one row per position),
agencies, orders, agreements and the agreement holders we have not heard from (CSV). The public export views and the admin's
“Export selected as CSV” action both call it.

Rows are read a chunk of statements at a time, as plain values rather than model
objects, and sent with a ``StreamingHttpResponse`` in blocks of about 64 KB, so that
the memory a download needs does not grow with the number of rows.
"""

import csv
import json
import re
from operator import itemgetter

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql.constants import MULTI
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from .choices import AgreementModel
from .models import Agency, Agreement, Inquiry, Order, Position, Statement
from .site_url import path_maker

# Statements per database round trip. Peak memory follows the chunk, not the export.
CHUNK_SIZE = 2000


def iso(value):
    """Dates and times as ISO 8601 text; anything else unchanged, None as ''."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# Each export is a list of (column name, what it holds, how to read it). The names are
# a published contract (the README documents them): add columns at the end, never
# rename or reorder. The descriptions are shown in the README table.
#
# A statement column is read from one of ``STATEMENT_FIELDS`` or
# ``WORKED_OUT_VALUES`` (a statement's) or ``POSITION_VALUES`` (a position's), named
# in its third place: rows are taken straight from those tuples, since a function
# call per cell was most of an export's time. The position columns come last.
STATEMENT_COLUMNS = [
    ("statement_id", "Stable numeric id of the statement", "id"),
    ("statement_slug", "Slug of the statement's page", "slug"),
    ("statement_url", "Address of the statement's public page (path)", "page_path"),
    ("headline", "Headline in the newsroom's words", "headline"),
    ("agency_slug", "Slug of the issuing agency", "agency__slug"),
    ("agency_name", "Full name of the issuing agency", "agency__name"),
    ("agency_kind", "Kind of agency (vocabulary value)", "agency__kind"),
    (
        "agency_state",
        "Two-letter state of the agency; empty for national bodies",
        "agency__state",
    ),
    (
        "co_issuer_slugs",
        "Slugs of co-issuing agencies, separated by “;”",
        "co_issuer_slugs",
    ),
    ("speaker_name", "Person who spoke, if named", "speaker_name"),
    ("speaker_title", "That person's title", "speaker_title"),
    ("statement_kind", "Kind of statement (vocabulary value)", "kind"),
    ("issued_on", "Date issued (ISO 8601)", "issued_on"),
    (
        "issued_on_precision",
        "How much of issued_on is known: day, month or year",
        "issued_on_precision",
    ),
    ("summary", "Neutral summary in the newsroom's words", "summary"),
    ("source_name", "Where it was published", "source_name"),
    ("source_url", "Address of the source", "source_url"),
    ("archived_url", "Web-archive copy of the source", "archived_url"),
    (
        "status",
        "Editorial status; always “published” unless staff asked for unpublished rows",
        "status",
    ),
    (
        "published_at",
        "When it became public (ISO 8601 with offset)",
        "published_at",
    ),
    (
        "position_id",
        "Stable numeric id of the position; empty if the statement has none",
        "position_id",
    ),
    (
        "order_slug",
        "Slug of the order the position is about; empty for a general position",
        "order_slug",
    ),
    ("order_label", "Short name of the order (e.g. EO 13768)", "order_label"),
    ("topic", "Topic of the position (vocabulary value)", "topic"),
    ("stance", "Stance taken (vocabulary value)", "stance"),
    (
        "mandate_view",
        "View on mandates to take part (vocabulary value)",
        "mandate_view",
    ),
    ("quote", "Short phrase that carries the position", "quote"),
]

AGENCY_COLUMNS = [
    ("agency_id", "Stable numeric id", lambda a: a.pk),
    ("agency_slug", "Slug of the agency's page", lambda a: a.slug),
    (
        "agency_url",
        "Address of the agency's public page (path)",
        lambda a: a.get_absolute_url(),
    ),
    ("name", "Full official name", lambda a: a.name),
    ("short_name", "Common abbreviation", lambda a: a.short_name),
    ("kind", "Kind of agency (vocabulary value)", lambda a: a.kind),
    ("jurisdiction_level", "Level of jurisdiction", lambda a: a.jurisdiction_level),
    ("state", "Two-letter state; empty for national bodies", lambda a: a.state),
    ("county", "County", lambda a: a.county),
    ("city", "City", lambda a: a.city),
    ("website", "The agency's own home page", lambda a: a.website),
    (
        "published_statement_count",
        "Number of published statements it issued or co-issued",
        lambda a: a.published_statement_count,
    ),
    (
        "listed_agreement_count",
        "Number of its 287(g) agreements on ICE's current list",
        lambda a: a.listed_agreement_count,
    ),
    (
        "current_stance",
        "Its stance on taking part, from its latest published statement that takes "
        "a side on 287(g) or mandates (vocabulary value)",
        lambda a: a.current_stance or "",
    ),
    (
        "current_mandate_view",
        "Its latest public view on mandates, where it gave one",
        lambda a: a.current_mandate_view or "",
    ),
    (
        "words_and_deeds",
        "Its stance beside its agreements on ICE's current list, where there is "
        "something to note (vocabulary value)",
        lambda a: a.words_and_deeds,
    ),
]

ORDER_COLUMNS = [
    ("order_id", "Stable numeric id", lambda o: o.pk),
    ("order_slug", "Slug of the order's page", lambda o: o.slug),
    (
        "order_url",
        "Address of the order's public page (path)",
        lambda o: o.get_absolute_url(),
    ),
    ("label", "Short name (e.g. EO 13768)", lambda o: o.label),
    ("title", "Full title", lambda o: o.title),
    ("kind", "Kind of order (vocabulary value)", lambda o: o.kind),
    ("number", "Number without prefix", lambda o: o.number),
    ("jurisdiction", "US, or the two-letter state", lambda o: o.jurisdiction),
    ("signed_on", "Date signed (ISO 8601)", lambda o: iso(o.signed_on)),
    (
        "published_on",
        "Date of official publication (ISO 8601)",
        lambda o: iso(o.published_on),
    ),
    ("citation", "Federal Register citation", lambda o: o.citation),
    (
        "document_number",
        "Federal Register document number",
        lambda o: o.document_number,
    ),
    ("official_url", "Address of the official text", lambda o: o.url),
    ("status", "Status (vocabulary value)", lambda o: o.status),
    (
        "replaced_by_slug",
        "Slug of the order that revoked or replaced it",
        lambda o: o.replaced_by.slug if o.replaced_by_id else "",
    ),
    (
        "ended_on",
        "Date it stopped being in effect (ISO 8601)",
        lambda o: iso(o.ended_on),
    ),
    (
        "published_statement_count",
        "Number of published statements with a position on it",
        lambda o: o.published_statement_count,
    ),
    (
        "effective_on",
        "Date it took effect, where that differs from the signing (ISO 8601)",
        lambda o: iso(o.effective_on),
    ),
    (
        "status_note",
        "What our sources say about its status, in their terms",
        lambda o: o.status_note,
    ),
]

AGREEMENT_COLUMNS = [
    ("agreement_id", "Stable numeric id", lambda g: g.pk),
    ("agency_slug", "Slug of the agency holding it", lambda g: g.agency.slug),
    ("agency_name", "Name of the agency", lambda g: g.agency.name),
    ("agency_state", "Two-letter state of the agency", lambda g: g.agency.state),
    ("model", "287(g) model (vocabulary value)", lambda g: g.model),
    (
        "signed_on",
        "Date signed (ISO 8601); empty if ICE's date was unreadable",
        lambda g: iso(g.signed_on),
    ),
    ("signed_text", "SIGNED exactly as ICE printed it", lambda g: g.signed_text),
    ("status", "listed or no_longer_listed", lambda g: g.status),
    ("moa_url", "Address of the agreement (MOA) PDF", lambda g: g.moa_url),
    ("addendum_url", "Address of the addendum", lambda g: g.addendum_url),
    (
        "first_listed_on",
        "Date of the earliest ICE list that had it",
        lambda g: iso(g.first_listed_on),
    ),
    (
        "last_listed_on",
        "Date of the latest ICE list that had it",
        lambda g: iso(g.last_listed_on),
    ),
    ("ice_state", "STATE as ICE printed it", lambda g: g.ice_state),
    (
        "ice_agency_name",
        "LAW ENFORCEMENT AGENCY as ICE printed it",
        lambda g: g.ice_agency_name,
    ),
    ("ice_type", "TYPE as ICE printed it", lambda g: g.ice_type),
    ("ice_county", "COUNTY as ICE printed it", lambda g: g.ice_county),
    (
        "ice_support_type",
        "SUPPORT TYPE as ICE printed it",
        lambda g: g.ice_support_type,
    ),
]


def agency_columns(*names):
    """Columns of the agency export, by name, for another export of agencies."""
    by_name = {column[0]: column for column in AGENCY_COLUMNS}
    return [by_name[name] for name in names]


NOT_HEARD_COLUMNS = [
    *agency_columns(
        "agency_id",
        "agency_slug",
        "agency_url",
        "name",
        "kind",
        "state",
        "county",
        "website",
    ),
    (
        "listed_models",
        "287(g) models of its agreements on ICE's current list (vocabulary values, "
        "separated by “;”)",
        lambda a: ";".join(
            model for model in AgreementModel.values if getattr(a, f"holds_{model}")
        ),
    ),
    (
        "listed_agreement_count",
        "Number of its 287(g) agreements on ICE's current list",
        lambda a: a.listed_agreement_count,
    ),
    (
        "last_inquiry",
        "What we last did to hear from it, if anything (vocabulary value)",
        lambda a: a.last_inquiry or "",
    ),
    (
        "last_inquiry_on",
        "The day we last asked or searched (ISO 8601)",
        lambda a: iso(a.last_inquiry_on),
    ),
]


# Querysets: what each export reads, in a fixed order -------------------------------


def count_of(queryset, field):
    """A correlated count, so that two counts on one row do not multiply each other."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def agencies_for_export(queryset=None):
    """``queryset`` (all agencies by default) with the counts a row needs, by name.
    The current stance is stored on each agency (``stances.py``)."""
    if queryset is None:
        queryset = Agency.objects.all()
    public = Statement.objects.published()
    co_issued = Statement.co_issuers.through.objects.filter(statement__in=public)
    return queryset.annotate(
        published_statement_count=count_of(public, "agency")
        + count_of(co_issued, "agency"),
        listed_agreement_count=count_of(Agreement.objects.currently_listed(), "agency"),
    ).order_by("name", "pk")


def not_heard_for_export(queryset):
    """Agencies of ``queryset`` (from ``coverage.not_heard_from``) with the models they
    hold and the last inquiry, by state and name."""
    listed = Agreement.objects.currently_listed()
    last = Inquiry.objects.filter(agency=OuterRef("pk")).order_by("-made_on", "-pk")
    return queryset.annotate(
        listed_agreement_count=count_of(listed, "agency"),
        last_inquiry=Subquery(last.values("outcome")[:1]),
        last_inquiry_on=Subquery(last.values("made_on")[:1]),
        **{
            f"holds_{model}": Exists(listed.filter(agency=OuterRef("pk"), model=model))
            for model in AgreementModel.values
        },
    ).order_by("state", "name", "pk")


def orders_for_export():
    statement_counts = (
        Position.objects.published()
        .filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(n=Count("statement", distinct=True))
        .values("n")
    )
    return (
        Order.objects.select_related("replaced_by")
        .annotate(
            published_statement_count=Coalesce(
                Subquery(statement_counts, output_field=IntegerField()), 0
            )
        )
        .order_by(F("signed_on").desc(nulls_last=True), "title", "pk")
    )


def agreements_for_export():
    return Agreement.objects.select_related("agency").order_by(
        "agency__name", "model", "signed_on", "pk"
    )


# Rows ---------------------------------------------------------------------------------


# What a statement row reads: these columns of the statement and its agency, as the
# database driver gives them (``raw_rows``), then two values worked out from them.
# Building model objects and related managers for every row made downloads run at
# 6,000 rows a second; Django's conversion of each value, a third of what was left.
STATEMENT_FIELDS = (
    "id",
    "slug",
    "headline",
    "agency__slug",
    "agency__name",
    "agency__kind",
    "agency__state",
    "speaker_name",
    "speaker_title",
    "kind",
    "issued_on",
    "issued_on_precision",
    "summary",
    "source_name",
    "source_url",
    "archived_url",
    "status",
    "published_at",
)
WORKED_OUT_VALUES = ("page_path", "co_issuer_slugs")
POSITION_FIELDS = ("id", "order_id", "topic", "stance", "mandate_view", "quote")
POSITION_VALUES = (
    "position_id",
    "order_slug",
    "order_label",
    "topic",
    "stance",
    "mandate_view",
    "quote",
)
FIRST_POSITION_COLUMN = [name for name, _, _ in STATEMENT_COLUMNS].index("position_id")


def _picker(sources, names):
    """A function giving the values of ``names`` from a tuple of ``sources``."""
    indexes = [sources.index(name) for name in names]
    if len(indexes) == 1:
        return lambda values: (values[indexes[0]],)
    return itemgetter(*indexes)


def raw_rows(queryset, fields):
    """``queryset``'s rows as tuples of ``fields``, a chunk of ``CHUNK_SIZE`` at a
    time, as the database driver gives them: without Django's conversion of each
    value (dates come as dates, times may come without their UTC offset; see
    ``utc_iso``). Read with the same cursor ``iterator()`` uses."""
    query = queryset.values_list(*fields).query
    compiler = query.get_compiler(using=queryset.db)
    chunked = not connections[queryset.db].settings_dict.get(
        "DISABLE_SERVER_SIDE_CURSORS"
    )
    yield from compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=CHUNK_SIZE)


def utc_iso(value):
    """A stored time as ISO 8601 with its offset; SQLite's driver gives times in
    UTC without saying so."""
    if value is None:
        return ""
    if value.tzinfo is None:
        return value.isoformat() + "+00:00"
    return value.isoformat()


def _sqlite_time_as_iso(text):
    """SQLite's text of a stored time (``2026-11-28 14:05:00[.ffffff]``, UTC) as
    ISO 8601 with its offset, as ``utc_iso`` writes it."""
    return text.replace(" ", "T", 1) + "+00:00" if text else ""


def _with_dates_as_text(queryset):
    """``(queryset, the fields to read, their names in a row, how to write
    issued_on and published_at as ISO 8601)``. On SQLite the two are read as the
    text SQLite stores: its driver turning each into a date or a time, and Python
    writing them back as text, was a tenth of an export."""
    if connections[queryset.db].vendor != "sqlite":
        return queryset, STATEMENT_FIELDS, STATEMENT_FIELDS, (iso, utc_iso)
    dates = ("issued_on", "published_at")
    others = tuple(name for name in STATEMENT_FIELDS if name not in dates)
    queryset = queryset.annotate(
        **{f"{name}_text": Cast(name, TextField()) for name in dates}
    )
    # Annotations come after the columns in a row.
    fields = (*others, *(f"{name}_text" for name in dates))
    return queryset, fields, (*others, *dates), (str, _sqlite_time_as_iso)


def _ids_in(field, ids):
    """``field IN (ids)`` for a chunk of ids the database gave: written out, since
    Django preparing two thousand parameters, twice a chunk, was a tenth of an
    export."""
    return f"{field} IN ({','.join(str(int(pk)) for pk in ids)})"


def statement_rows(queryset, positions=None):
    """One row per position (statement columns repeated), in ``queryset``'s order;
    a statement without positions still gives one row, with the position columns
    empty. ``positions``: the list's position filters
    (``StatementFilter.position_conditions``); only the positions that meet them are
    exported."""
    for cells, position_rows in statement_groups(queryset, positions):
        for position in position_rows:
            yield cells + position


def statement_groups(queryset, positions=None):
    """The rows of ``statement_rows`` grouped by statement: its cells, and the cells
    of each of its rows' position. The statements are read in one pass over
    ``queryset``, and their co-issuers and positions a chunk of statements at a
    time, in constant memory."""
    queryset, fields, names, as_iso = _with_dates_as_text(queryset)
    sources = [source for _, _, source in STATEMENT_COLUMNS]
    statement_cells = _picker(
        (*names, *WORKED_OUT_VALUES),
        sources[:FIRST_POSITION_COLUMN],
    )
    position_cells = _picker(POSITION_VALUES, sources[FIRST_POSITION_COLUMN:])
    no_position = ("",) * (len(sources) - FIRST_POSITION_COLUMN)
    orders = {order.pk: (order.slug, order.label) for order in Order.objects.all()}
    page_path = path_maker("statements:statement-detail")
    slug_at = names.index("slug")
    issued_at = names.index("issued_on")
    published_at = names.index("published_at")
    through = Statement.co_issuers.through
    quote_name = connections[queryset.db].ops.quote_name
    links_table = quote_name(through._meta.db_table)
    positions_table = quote_name(Position._meta.db_table)
    for chunk in raw_rows(queryset, fields):
        ids = [row[0] for row in chunk]
        co_issuers = {}
        for statement_id, slug in (
            through.objects.extra(where=[_ids_in(f"{links_table}.statement_id", ids)])
            .order_by("agency__slug")
            .values_list("statement_id", "agency__slug")
        ):
            co_issuers.setdefault(statement_id, []).append(slug)
        found = {}
        for statement_id, pk, order_id, *rest in (
            Position.objects.filter(**(positions or {}))
            .extra(where=[_ids_in(f"{positions_table}.statement_id", ids)])
            .order_by("id")
            .values_list("statement_id", *POSITION_FIELDS)
        ):
            slug, label = orders.get(order_id, ("", ""))
            found.setdefault(statement_id, []).append(
                position_cells((pk, slug, label, *rest))
            )
        for row in chunk:
            values = list(row)
            values[issued_at] = as_iso[0](values[issued_at])
            values[published_at] = as_iso[1](values[published_at])
            values.append(page_path(row[slug_at]))
            values.append(";".join(co_issuers.get(row[0], ())))
            yield statement_cells(values), found.get(row[0], (no_position,))


def simple_rows(queryset, columns):
    getters = [getter for _, _, getter in columns]
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [getter(obj) for getter in getters]


# Encodings ----------------------------------------------------------------------------


class _Line:
    """A file-like object for csv.writer that hands back each line instead of
    keeping it."""

    def write(self, value):
        return value


def _as_text(cell):
    """A cell that is not text, as csv.writer writes it."""
    if cell is None:
        return ""
    return repr(cell) if isinstance(cell, float) else str(cell)


class CsvLines:
    """Lines of CSV exactly as csv.writer writes them (the excel dialect, minimal
    quoting), most of them without it. Python 3.11's csv module looks every
    character of every cell up in the line terminator, a function call per
    character: two thirds of a statement export's CSV time, most of it in the
    summaries. A row with no quote, carriage return or line feed in any cell is
    joined here with str methods, which scan the text in C, and a cell holding a
    comma is quoted as csv.writer quotes it; any other row is written by csv.writer
    itself. (tests/test_exports.py compares the two on generated rows.)"""

    def __init__(self):
        self.writer = csv.writer(_Line())
        self.ending = self.writer.dialect.lineterminator

    def line(self, row):
        cells = [cell if cell.__class__ is str else _as_text(cell) for cell in row]
        line = ",".join(cells)
        if not line or '"' in line or "\n" in line or "\r" in line:
            return self.writer.writerow(row)
        if line.count(",") != len(cells) - 1:
            line = ",".join([f'"{cell}"' if "," in cell else cell for cell in cells])
        return line + self.ending


# A spreadsheet opening the file runs a cell that starts with one of these as a
# formula (OWASP's "CSV injection"); text typed by anyone ends up in these files.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_row(row):
    """The row with each text cell that a spreadsheet would read as a formula given
    a ``'`` in front, so that it is shown as text. Numbers are left alone: a
    negative count is a number, not a formula, and must stay one. (One list
    comprehension per row: a function call per cell was a fifth of an export.)"""
    return [
        "'" + value
        if isinstance(value, str) and value.startswith(FORMULA_STARTS)
        else value
        for value in row
    ]


# A cell starting with one of FORMULA_STARTS shows in its line right after a comma
# (the first cell: after the comma put in front to look), quoted if it starts with a
# carriage return. Lines without that are sent as written; only the rare line with
# it is written again through ``inert_row``. (Looking at every cell of every row
# was a third of an export's time.)
MAYBE_FORMULA = re.compile(r',(?:"[=+\-@\t\r]|[=+\-@\t])')


def csv_lines(columns, rows):
    lines = CsvLines()
    yield lines.line([name for name, _, _ in columns])
    for row in rows:
        line = lines.line(row)
        if MAYBE_FORMULA.search("," + line):
            line = lines.line(inert_row(row))
        yield line


def csv_grouped_lines(columns, groups):
    """``csv_lines`` of rows given in groups, ``(leading cells, [the rest of each
    row, ...])``, as ``statement_groups`` gives them: the leading cells, the same on
    every row of the group, are written once (writing a statement's cells again for
    each of its positions was a third of an export's CSV time)."""
    lines = CsvLines()
    yield lines.line([name for name, _, _ in columns])
    ending = len(lines.ending)
    for head, tails in groups:
        start = lines.line(head)[:-ending] + ","
        head_risky = MAYBE_FORMULA.search("," + start)
        for tail in tails:
            end = lines.line(tail)
            if head_risky or MAYBE_FORMULA.search("," + end):
                yield lines.line(inert_row([*head, *tail]))
            else:
                yield start + end


def json_lines(columns, rows):
    """A JSON array of objects keyed by the column names, one object per line."""
    names = [name for name, _, _ in columns]
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(
            dict(zip(names, row, strict=True)), ensure_ascii=False
        )
        separator = ",\n"
    yield "\n]\n"


# Responses ----------------------------------------------------------------------------

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def file_name(kind, filters=None, extension="csv", today=None):
    """``statements_order-eo-13768_stance-opposes_2026-11-28.csv``: what, how it was
    filtered, and the day it was made (in the site's time zone)."""
    parts = [kind]
    for name, values in (filters or {}).items():
        if isinstance(values, str):
            values = [values]
        value = "+".join(slugify(str(v)) for v in values if str(v).strip())
        if value:
            parts.append(f"{name.replace('_', '-')}-{value}")
    stem = "_".join(parts)[:150]
    day = (today or timezone.localdate()).isoformat()
    return f"{stem}_{day}.{extension}"


def in_blocks(lines, size=64 * 1024):
    """The lines as UTF-8 in blocks of about ``size`` bytes: one write to the
    client for many rows, not one for each."""
    block, length = [], 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block).encode("utf-8")
            block, length = [], 0
    if block:
        yield "".join(block).encode("utf-8")


def streaming_response(lines, name, extension):
    response = StreamingHttpResponse(
        in_blocks(lines), content_type=CONTENT_TYPES[extension]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def statements_response(queryset, extension="csv", filters=None, positions=None):
    """Download of the statements in ``queryset``, in its order; ``filters`` name the
    file, ``positions`` narrow the positions exported. The caller decides which
    statements may be seen."""
    if extension == "csv":
        lines = csv_grouped_lines(
            STATEMENT_COLUMNS, statement_groups(queryset, positions)
        )
    else:
        lines = json_lines(STATEMENT_COLUMNS, statement_rows(queryset, positions))
    return streaming_response(
        lines,
        file_name("statements", filters, extension),
        extension,
    )


TABLES = {
    "agencies": (agencies_for_export, AGENCY_COLUMNS),
    "orders": (orders_for_export, ORDER_COLUMNS),
    "agreements": (agreements_for_export, AGREEMENT_COLUMNS),
    "not-heard": (not_heard_for_export, NOT_HEARD_COLUMNS),
}


def table_response(kind, queryset=None, filters=None):
    """CSV of agencies, orders or agreements (all of them public records): every one,
    or those of ``queryset``; ``filters`` name the file."""
    prepare, columns = TABLES[kind]
    rows = prepare() if queryset is None else prepare(queryset)
    return streaming_response(
        csv_lines(columns, simple_rows(rows, columns)),
        file_name(kind, filters),
        "csv",
    )

"""A backup of the whole database in one file, and its restore into an empty one.

The file is gzip'd JSON lines, the same on SQLite and PostgreSQL (so a backup also
moves a site from one to the other): a first line saying what it is and how many
records of each model follow, then one record a line as Django serializes it
(``{"model", "pk", "fields"}``), with ids kept, content types and permissions named
by their natural keys (``migrate`` makes those, with ids of its own), and times
written to the microsecond (Django's JSON encoder would cut them to milliseconds).

Left out, on purpose: content types and permissions (``migrate`` makes them) and
sessions (a restored site signs everyone out).

Restore refuses a database that holds anything but what ``migrate`` puts in an empty
one (the editorial groups, the record's version row, which the backup's own replace).
It writes everything in one transaction, then derives what is derived again
(``changes.rebuild_derived``: search documents, stored stances, and a new version
of the record, so that no page cached before is served).
"""

import datetime
import decimal
import gzip
import json
import uuid

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "policytracker-backup"
VERSION = 1
LEFT_OUT = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Rows an empty, migrated database already has; the backup's own replace them.
MADE_BY_MIGRATE = {"auth.group", "statements.recordversion"}
CHUNK = 1000


class BackupError(Exception):
    """A problem the person running the command can fix; the message says how."""


def label(model):
    return model._meta.label_lower


def backed_up_models():
    """Every model with a table of its own, ordered so that natural keys a record
    uses come before it (other references are checked at the end of the restore)."""
    app_models = [
        (config, [m for m in config.get_models() if label(m) not in LEFT_OUT])
        for config in apps.get_app_configs()
    ]
    models = serializers.sort_dependencies(app_models, allow_cycles=True)
    return [
        model
        for model in models
        if model._meta.managed
        and not model._meta.proxy
        and label(model) not in LEFT_OUT
    ]


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # to the microsecond, with the offset
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in a backup")


def _records(model):
    queryset = model._default_manager.order_by("pk")
    many = [field.name for field in model._meta.many_to_many]
    if many:
        queryset = queryset.prefetch_related(*many)
    return queryset.iterator(chunk_size=CHUNK)


def write_backup(path, progress=None):
    """Write the whole database to ``path``; returns ``{model label: count}``."""
    models = backed_up_models()
    with transaction.atomic():  # one consistent view of the record
        counts = {label(model): model._default_manager.count() for model in models}
        total, done = sum(counts.values()), 0
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "counts": counts,
        }
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
            for model in models:
                for record in serializers.serialize(
                    "python", _records(model), use_natural_foreign_keys=True
                ):
                    out.write(json.dumps(record, default=_json_value) + "\n")
                    done += 1
                    if progress and (done % CHUNK == 0 or done == total):
                        progress(done, total)
    return counts


def read_header(path):
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            header = json.loads(lines.readline())
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(
            f"{path} is not a policytracker backup ({error}); give a file made by "
            "`manage.py backup`."
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(
            f"{path} is not a policytracker backup; give a file made by "
            "`manage.py backup`."
        )
    if header.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup of format version {header.get('version')}; this "
            f"site reads version {VERSION}. Restore it with the release that made it."
        )
    return header


def what_is_there():
    """``{model label: count}`` of the records an empty database would not have."""
    found = {}
    for model in backed_up_models():
        if label(model) in MADE_BY_MIGRATE:
            continue
        count = model._default_manager.count()
        if count:
            found[label(model)] = count
    return found


def restore_backup(path, progress=None):
    """Load ``path`` into this (empty) database; returns ``{model label: count}``."""
    header = read_header(path)
    if found := what_is_there():
        listed = ", ".join(f"{count} {name}" for name, count in sorted(found.items()))
        raise BackupError(
            f"This database is not empty ({listed}). Restore only into an empty "
            "database: create a new one, run `manage.py migrate` on it, point "
            "DATABASE_URL at it, then restore."
        )
    models = backed_up_models()
    known = {label(model) for model in models}
    unknown = set(header["counts"]) - known
    if unknown:
        raise BackupError(
            f"The backup holds records of {sorted(unknown)}, which this site does not "
            "have. Restore it with the release that made it."
        )
    total, done, loaded = sum(header["counts"].values()), 0, {}
    from . import changes

    with transaction.atomic():
        Group.objects.all().delete()
        apps.get_model("statements", "RecordVersion").objects.all().delete()
        # Records may point at ones further on (an order at the order replacing
        # it): references are checked once everything is in. (PostgreSQL: Django's
        # foreign keys are deferrable; SQLite: checks are switched off meanwhile.)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        with connection.constraint_checks_disabled():
            try:
                with gzip.open(path, "rt", encoding="utf-8") as lines:
                    lines.readline()
                    for batch in _batches(lines):
                        for item in serializers.deserialize("python", batch):
                            item.save()
                            name = label(item.object)
                            loaded[name] = loaded.get(name, 0) + 1
                        done += len(batch)
                        if progress:
                            progress(done, total)
            except (
                OSError,
                EOFError,
                UnicodeDecodeError,
                json.JSONDecodeError,
                serializers.base.DeserializationError,
            ) as error:
                raise BackupError(
                    f"{path} is damaged after {done} records ({error}). Nothing was "
                    "restored; use another backup."
                ) from None
        connection.check_constraints(
            table_names=[model._meta.db_table for model in models]
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        if loaded != {name: n for name, n in header["counts"].items() if n}:
            raise BackupError(
                f"{path} is incomplete: its first line promises {header['counts']}, "
                f"it holds {loaded}. Nothing was restored; use another backup."
            )
        changes.rebuild_derived()
    return loaded


def _batches(lines):
    batch = []
    for line in lines:
        if line.strip():
            batch.append(json.loads(line))
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch

"""manage.py backup and restore: the whole database in one file and back, every
record and every field the same (times to the microsecond), on SQLite and on
PostgreSQL, and from one to the other."""

import datetime
import gzip
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from statements import backup, roles
from statements.models import Agency, AgencyAlias, RecordVersion, Statement
from tests import factories, live_server
from tests.sample_site import build_site


def every_record():
    """Every record of every backed-up model, every field, natural keys for content
    types and permissions (whose ids are migrate's business)."""
    return {
        backup.label(model): serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
        )
        for model in backup.backed_up_models()
        if model is not RecordVersion
    }


def make_history(site):
    editor = factories.UserFactory(username="ed", groups=["Editors"])
    factories.UserFactory(username="cora", groups=["Contributors"], is_active=False)
    AgencyAlias.objects.create(agency=site.harbor, name="Harbor Sheriff")
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=[site.mesa_sb],
        action_flag=CHANGE,
        change_message="Changed summary.",
        single_object=True,
    )
    # A time with microseconds that are not a multiple of 1,000, where a JSON
    # backup through Django's encoder would lose them.
    Statement.objects.filter(pk=site.mesa_sb.pk).update(
        published_at=datetime.datetime(
            2025, 6, 5, 9, 30, 1, 123457, tzinfo=datetime.UTC
        )
    )


def empty_the_database():
    """What a new database is after `migrate`: no records, the two groups and the
    record's version row."""
    if connection.vendor == "postgresql":
        # The test's transaction holds deferred checks, which TRUNCATE will not
        # leave pending: run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    from django.apps import apps

    roles.ensure_groups(apps)
    RecordVersion.objects.get_or_create(pk=1)


@pytest.mark.django_db
def test_backup_and_restore_round_trip_every_record(tmp_path, capsys):
    site = build_site()
    make_history(site)
    before = every_record()
    statement_count = Statement.objects.count()
    version_before = RecordVersion.objects.get().version
    path = tmp_path / "site.json.gz"

    call_command("backup", str(path))
    assert "records of" in capsys.readouterr().out
    empty_the_database()
    assert Statement.objects.count() == 0
    call_command("restore", str(path))
    out = capsys.readouterr().out

    assert "Restored" in out and "rebuilt" in out
    after = every_record()
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    assert len(before["statements.statement"]) == statement_count > 10
    assert after["statements.statement"] and any(
        record["fields"]["published_at"].microsecond == 123457
        for record in after["statements.statement"]
    )
    # The site is consistent at once: derived data rebuilt, the cache's version new.
    assert RecordVersion.objects.get().version != version_before
    assert Agency.objects.get(slug="lakeside-pd").words_and_deeds == (
        "words_against_deeds"
    )


@pytest.mark.django_db
def test_the_restored_site_serves_its_pages(tmp_path, client):
    build_site()
    path = tmp_path / "site.json.gz"
    call_command("backup", str(path))
    empty_the_database()
    call_command("restore", str(path))
    assert "Mesa sheriff backs the cooperation act" in client.get("/").content.decode()
    assert client.get("/statements/zz-secret-draft/").status_code == 404
    # New records get new ids after the restored ones (sequences moved on).
    factories.StatementFactory(agency=Agency.objects.first())


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    build_site()
    statement_count = Statement.objects.count()
    path = tmp_path / "site.json.gz"
    call_command("backup", str(path))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))
    message = str(refused.value)
    assert "This database is not empty (" in message
    assert f"{Agency.objects.count()} statements.agency" in message
    assert "create a new one, run `manage.py migrate` on it" in message
    assert Statement.objects.count() == statement_count


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_whole_backup(tmp_path):
    build_site()
    path = tmp_path / "site.json.gz"
    call_command("backup", str(path))
    lines = gzip.open(path, "rt").read().splitlines()
    empty_the_database()

    not_backup = tmp_path / "notes.txt"
    not_backup.write_text("hello")
    with pytest.raises(CommandError, match="is not a policytracker backup"):
        call_command("restore", str(not_backup))

    cut = tmp_path / "cut.json.gz"
    with gzip.open(cut, "wt") as out:
        out.write("\n".join(lines[: len(lines) // 2]) + "\n")
    with pytest.raises(CommandError, match="is incomplete.*Nothing was restored"):
        call_command("restore", str(cut))
    assert Statement.objects.count() == 0 and Agency.objects.count() == 0

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_of_another_process(tmp_path):
    """Into a freshly migrated SQLite file, whatever this suite runs on (on the
    PostgreSQL run, that is moving a site from PostgreSQL to SQLite); a backup of
    the restored database then holds exactly the same records, and restored here
    (SQLite to PostgreSQL on that run) gives every record back."""
    site = build_site()
    make_history(site)
    before = every_record()
    original = tmp_path / "original.json.gz"
    call_command("backup", str(original))
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    copy = tmp_path / "copy.json.gz"
    for args in (["migrate", "-v", "0"], ["restore", original], ["backup", copy]):
        result = subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=settings.BASE_DIR,
            env=live_server.environment(target),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr

    def records(path):
        with gzip.open(path, "rt") as lines:
            header = json.loads(lines.readline())
            rows = [json.loads(line) for line in lines]
        return header, [r for r in rows if r["model"] != "statements.recordversion"]

    header, rows = records(original)
    copy_header, copy_rows = records(copy)
    assert copy_rows == rows
    assert header["database"] == connection.vendor
    assert copy_header["database"] == "sqlite"
    assert header["counts"] == copy_header["counts"]

    empty_the_database()
    call_command("restore", str(copy))
    assert every_record() == before
    assert ContentType.objects.exists()

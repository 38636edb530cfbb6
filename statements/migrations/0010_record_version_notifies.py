"""On PostgreSQL, every write to the record's version sends a notification that
server processes listen for (statements/version_listener.py): whatever moves the
version, by whatever path, is announced by the database itself, on commit."""

from django.db import migrations

from statements.version_listener import CHANNEL

FUNCTION = "statements_recordversion_announce"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END "
        "$$ LANGUAGE plpgsql"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON statements_recordversion FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"DROP TRIGGER IF EXISTS {FUNCTION} ON statements_recordversion"
    )
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("statements", "0009_positions_index_holds_statement")]

    operations = [migrations.RunPython(install, uninstall)]

"""Joins the migrations of four pieces of work done side by side (access rules,
corrections and checks, coverage and orders, editorial history, the public list's
indexes), and grants the groups' rights once more: each of those migrations granted
what existed at its point, and only here do all their models exist together."""

from django.db import migrations


def grant(apps, schema_editor):
    from statements.roles import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0006_access_rules"),
        ("statements", "0006_corrections_checks"),
        ("statements", "0006_coverage_orders"),
        ("statements", "0006_editorial_history"),
        ("statements", "0006_public_list_plan"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

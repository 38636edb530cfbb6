from django.db import migrations


def update_groups(apps, schema_editor):
    from statements.roles import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    """The groups' rights as statements/roles.py now states them: editors may unlock
    a sign-in paused by django-axes; contributors only view agencies, orders and
    agreements."""

    dependencies = [
        ("statements", "0005_record_version"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]

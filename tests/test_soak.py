"""The short soak: gunicorn (DEBUG off) on the PostgreSQL test database, four readers
at fixed concurrency while three editors save and publish their own statements for
a quarter of a minute: no 5xx, every acknowledged save in the database, no stale
page. README ("Soak") gives the long run and its last figures."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from statements import roles
from statements.models import Agency, Statement
from tests import live_server
from tests.sample_site import build_site


@pytest.mark.django_db(transaction=True)
def test_short_soak_holds(capsys):
    live_server.skip_unless_postgresql()
    # An earlier transactional test may have emptied every table, groups included.
    roles.ensure_groups(apps)
    build_site()
    agencies_before = Agency.objects.count()
    with live_server.gunicorn(workers=2) as server:
        call_command(
            "soak",
            seconds=15,
            readers=4,
            editors=3,
            base_url=server.base_url,
            timeout=20,
        )
        assert "Internal Server Error" not in server.log()
    out = capsys.readouterr().out
    assert "The soak held." in out
    assert "failed: 0; missing from the database: 0; stale pages: 0." in out
    assert "by status 200: " in out
    # Its records are gone again; the site's are untouched.
    assert not Statement.objects.filter(slug__startswith="soak-").exists()
    assert Agency.objects.count() == agencies_before


@pytest.mark.django_db
def test_soak_says_when_there_is_no_server_to_soak():
    with pytest.raises(CommandError, match="start the server"):
        call_command("soak", seconds=1, base_url="http://127.0.0.1:9", timeout=2)

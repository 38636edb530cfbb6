"""Settings come from the environment; each case runs in a fresh interpreter, the way
the site itself starts."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_KEY = "p" * 30 + "-production-only-" + "q" * 30

READ_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup();"
    "db = settings.DATABASES['default'];"
    "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
    " 'engine': db['ENGINE'], 'name': str(db['NAME']), 'ssl': settings.SECURE_SSL_REDIRECT,"
    " 'cache': settings.CACHES['default']['BACKEND']}))"
)


def run(args, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="policytracker.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(**env):
    result = run(["-c", READ_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


LOAD_WSGI = "import policytracker.wsgi"
LOAD_ASGI = "import policytracker.asgi"
NO_KEY = "DJANGO_SECRET_KEY is not set"


def test_without_a_secret_key_the_site_refuses_to_start_with_a_clear_message():
    for entry_point in (LOAD_WSGI, LOAD_ASGI):
        result = run(["-c", entry_point])
        assert result.returncode != 0
        assert NO_KEY in result.stderr


def test_runserver_refuses_to_serve_without_a_secret_key():
    result = run(
        ["manage.py", "runserver", "127.0.0.1:8097", "--noreload"],
        DJANGO_ALLOWED_HOSTS="localhost",
    )
    assert result.returncode != 0
    assert NO_KEY in result.stderr


def test_check_deploy_names_the_missing_secret_key():
    result = run(["manage.py", "check", "--deploy"])
    assert result.returncode != 0
    assert f"(policytracker.E001) {NO_KEY}" in result.stderr


def test_commands_that_serve_nothing_run_without_a_secret_key():
    """Developers and tools can check migrations without a production secret."""
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_development_key_is_refused_when_debug_is_off():
    result = run(
        ["-c", LOAD_WSGI],
        DJANGO_SECRET_KEY="django-insecure-policytracker-development-only",
    )
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_a_short_key_is_refused_when_debug_is_off():
    result = run(["-c", LOAD_WSGI], DJANGO_SECRET_KEY="short-but-not-empty")
    assert result.returncode != 0
    assert "shorter than 50 characters" in result.stderr


def test_a_real_key_lets_the_site_start():
    result = run(["-c", LOAD_WSGI], DJANGO_SECRET_KEY=PRODUCTION_KEY)
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for_and_sqlite_is_the_default():
    values = read_settings(
        DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_ALLOWED_HOSTS="a.org"
    )
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["ssl"] is True
    assert values["cache"].endswith("LocMemCache")


def test_debug_mode_runs_with_the_development_key_on_localhost():
    values = read_settings(DJANGO_DEBUG="1")
    assert values["debug"] is True
    assert "127.0.0.1" in values["hosts"]


def test_a_debug_value_that_is_not_yes_or_no_is_an_error():
    result = run(["-c", READ_SETTINGS], DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='perhaps' is not a yes/no value" in result.stderr


def test_database_url_hosts_and_redis_are_read_from_the_environment():
    values = read_settings(
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ALLOWED_HOSTS="policytracker.example.org, www.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/policytracker",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "policytracker"
    assert values["hosts"] == ["policytracker.example.org", "www.example.org"]
    assert values["cache"].endswith("RedisCache")


def test_check_deploy_is_clean_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ALLOWED_HOSTS="policytracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_environment_variable_the_settings_read_is_documented():
    """The README's settings table names every variable settings.py reads."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    source = (root / "policytracker" / "settings.py").read_text()
    names = set(
        re.findall(
            r'(?:environ\.get|env_bool|env_list|environ\[)\(?\s*"([A-Z_]+)"', source
        )
    )
    names.add("DATABASE_URL")  # read by dj_database_url.config()
    assert {"DJANGO_SECRET_KEY", "DJANGO_TIME_ZONE", "REDIS_URL"} <= names
    readme = (root / "README.md").read_text()
    table = readme[readme.index("## Settings") : readme.index("## Editorial model")]
    missing = sorted(name for name in names if f"| `{name}` |" not in table)
    assert not missing, f"not in the README's settings table: {missing}"


def test_the_site_runs_in_the_newsrooms_time_zone_and_stores_utc():
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.TIME_ZONE, settings.USE_TZ]))"
    )
    default = run(["-c", code], DJANGO_DEBUG="1")
    assert json.loads(default.stdout) == ["America/New_York", True], default.stderr
    chosen = run(["-c", code], DJANGO_DEBUG="1", DJANGO_TIME_ZONE="America/Chicago")
    assert json.loads(chosen.stdout) == ["America/Chicago", True], chosen.stderr

"""What a new user sees after bin/serve: the commands bin/serve runs, read from the
script itself and run here in its order, load the 25 orders, the seed and the 27
sample statements (published, with their sources) and ICE's lists; running them again
changes nothing."""

import glob
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from statements.models import Agency, Order, Position, Statement
from tests.shipped_data import STATEMENTS_CSV

SERVE = Path(settings.BASE_DIR) / "bin" / "serve"
VARIABLES = {"$EDITOR_USERNAME": "editor", "$EDITOR_PASSWORD": "a-test-password"}


def serve_commands():
    """The manage.py commands of bin/serve before it starts the server, with their
    arguments as the shell would give them."""
    commands = []
    for line in SERVE.read_text().splitlines():
        if not line.startswith(".venv/bin/python manage.py "):
            continue
        words = shlex.split(line.removeprefix(".venv/bin/python manage.py "))
        if words[0] in ("runserver", "migrate"):
            continue
        arguments = []
        for word in words[1:]:
            word = VARIABLES.get(word, word)
            if "*" in word:
                arguments += sorted(glob.glob(str(Path(settings.BASE_DIR) / word)))
            else:
                arguments.append(word)
        commands.append((words[0], arguments))
    return commands


def run_serve_setup():
    for name, arguments in serve_commands():
        if name == "import_orders" or name == "import_statements":
            arguments = [str(Path(settings.BASE_DIR) / arguments[0]), *arguments[1:]]
        call_command(name, *arguments, verbosity=0)


def counts():
    return [m.objects.count() for m in (Agency, Order, Statement, Position)]


@pytest.mark.django_db
def test_bin_serve_loads_orders_statements_and_lists_and_is_idempotent():
    names = [name for name, _arguments in serve_commands()]
    assert names.index("import_orders") < names.index("load_sample_data")
    assert names.index("import_agreements") < names.index("import_statements")
    assert names.index("create_editor") < names.index("import_statements")

    run_serve_setup()

    assert Order.objects.count() == 25
    # The seed statement and the 27 of the sample file, every one public and sourced.
    assert Statement.objects.count() == 28
    assert Statement.objects.published().count() == 28
    assert not Statement.objects.filter(source_url="").exists()
    assert Position.objects.count() == 2 + 29
    assert Statement.objects.filter(kind="official_statement").count() == 4
    # The Florida sheriff of the sample file is the agency on ICE's list, not a copy.
    brevard = Agency.objects.get(name="Brevard County Sheriff's Office")
    assert brevard.agreements.filter(status="listed").exists()
    assert Statement.objects.published().by_agency(brevard).count() == 1
    assert brevard.current_stance == "supports"

    before = counts()
    run_serve_setup()
    assert counts() == before


@pytest.mark.django_db
def test_the_sample_file_imports_as_is_once_the_orders_are_there(capsys):
    call_command("create_editor", "--username", "editor", "--password", "x-x-x-x-x")
    call_command(
        "import_orders", str(Path(settings.BASE_DIR) / "data/orders/orders.csv")
    )
    capsys.readouterr()

    call_command("import_statements", str(STATEMENTS_CSV), "--user", "editor")

    assert (
        "27 statements created, 0 updated, 0 unchanged; 18 agencies created; "
        "0 rows skipped." in capsys.readouterr().out
    )
    texas = Order.objects.get(slug="tx-sb-4-2017")
    assert Statement.objects.published().about_order(texas).count() >= 1


@pytest.mark.django_db
def test_the_codebook_gives_the_sample_files_kinds_a_meaning(client):
    about = client.get("/about/").content.decode()
    for value, meaning in (
        ("official_statement", "posted as its own, not sent as a press release"),
        ("op_ed", "An opinion article signed by the agency or its leader."),
        ("asked_no_statement", "We asked the agency for its position"),
        ("searched_none_found", "found no public statement"),
    ):
        assert f"<code>{value}</code>" in about
        assert meaning in about

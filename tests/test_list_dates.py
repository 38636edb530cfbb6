"""A careless list date or a short file must not end the record: a list dated in the
future is refused, and one that would mark most current agreements as no longer
listed asks for confirmation, with the numbers (command and admin)."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from statements.models import Agreement, ListSnapshot
from tests import factories

HEADINGS = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]
IMPORT_URL = "/admin/statements/listsnapshot/import/"


def short_list(rows=3):
    """A participating list with a few rows, as a CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADINGS, "SIGNED", "MOA"])
    for n in range(rows):
        writer.writerow(
            ["FLORIDA", f"Short County {n} Sheriff's Office", "County", "Short",
             "TFM", "3/4/2025", "link pending"]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


@pytest.fixture
def current(db):
    """Ten agreements on ICE's current list (18 July 2025)."""
    return [
        factories.AgreementFactory(
            signed_on=datetime.date(2025, 3, 1) + datetime.timedelta(days=n)
        )
        for n in range(10)
    ]


def run(path, *args):
    out = io.StringIO()
    call_command("import_agreements", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_list_dated_in_the_future_is_refused(tmp_path, current):
    path = tmp_path / "participatingAgencies01012030am.csv"
    path.write_bytes(short_list())
    with pytest.raises(CommandError) as refused:
        run(path)
    today = timezone.localdate()
    assert f"is dated 2030-01-01, after today ({today})" in str(refused.value)
    assert "--listed-on YYYY-MM-DD" in str(refused.value)
    assert not ListSnapshot.objects.exists()
    assert Agreement.objects.filter(status="listed").count() == 10


def test_a_future_listed_on_is_refused_too(tmp_path, db):
    path = tmp_path / "ice-export.csv"
    path.write_bytes(short_list())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(CommandError, match="after today"):
        run(path, "--listed-on", tomorrow.isoformat())
    assert not Agreement.objects.exists()


def test_a_list_dated_today_is_imported(tmp_path, db):
    path = tmp_path / "ice-export.csv"
    path.write_bytes(short_list())
    run(path, "--listed-on", timezone.localdate().isoformat())
    assert Agreement.objects.count() == 3


def test_a_list_ending_most_current_agreements_asks_for_confirmation(tmp_path, current):
    path = tmp_path / "participatingAgencies08012025am.csv"
    path.write_bytes(short_list())
    with pytest.raises(CommandError) as refused:
        run(path)
    message = str(refused.value)
    assert (
        "would mark 10 of the 10 current agreements as no longer listed (100%)"
        in message
    )
    assert "--confirm-removals" in message
    # Nothing written: the ten are still listed, no snapshot, no new agreements.
    assert Agreement.objects.filter(status="listed").count() == 10
    assert Agreement.objects.count() == 10 and not ListSnapshot.objects.exists()

    # A dry run shows the question without refusing.
    assert "would mark 10 of the 10" in run(path, "--dry-run")

    run(path, "--confirm-removals")
    assert Agreement.objects.filter(status="no_longer_listed").count() == 10
    assert Agreement.objects.filter(status="listed").count() == 3


def test_a_list_ending_half_or_fewer_needs_no_confirmation(tmp_path, current):
    # Five of the ten stay on the new list: half ended is not "most".
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADINGS, "SIGNED", "MOA"])
    for agreement in current[:5]:
        writer.writerow(
            ["FLORIDA", agreement.agency.name, "County", "X", "Task Force Model",
             agreement.signed_on.strftime("%m/%d/%Y"), "link pending"]
        )  # fmt: skip
    path = tmp_path / "participatingAgencies08012025am.csv"
    path.write_bytes(out.getvalue().encode())
    run(path)
    assert Agreement.objects.filter(status="listed").count() == 5


def test_the_admin_asks_before_ending_most_agreements(client, editor, current):
    client.force_login(editor)
    upload = SimpleUploadedFile("participatingAgencies08012025am.csv", short_list())
    preview = client.post(IMPORT_URL, {"file": upload})
    page = preview.content.decode()
    assert "would mark 10 of the 10 current agreements as no longer listed" in page
    assert "Yes, ICE really dropped them" in page
    form = preview.context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"confirm": "1"}

    # Confirming without ticking the box imports nothing and says why.
    refused = client.post(IMPORT_URL, data | {"confirm_removals": ""}, follow=True)
    assert "Nothing was imported" in refused.content.decode()
    assert "would mark 10 of the 10" in refused.content.decode()
    assert Agreement.objects.filter(status="listed").count() == 10

    client.post(IMPORT_URL, data | {"confirm_removals": "on"})
    assert Agreement.objects.filter(status="no_longer_listed").count() == 10
    assert ListSnapshot.objects.count() == 1


def test_the_admin_refuses_a_future_list(client, editor, db):
    client.force_login(editor)
    upload = SimpleUploadedFile("participatingAgencies01012030am.csv", short_list())
    response = client.post(IMPORT_URL, {"file": upload})
    assert "is dated 2030-01-01, after today" in response.content.decode()
    assert not ListSnapshot.objects.exists()

"""The date of an ICE list read from its file name, in every shape ICE has used: the
list's date decides which agreements are current, so a name ICE changed must not stop
an import, and a name with no date must still be refused with the way out."""

import datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from statements.models import Agreement, ListSnapshot

HEADINGS = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]


def write_list(path):
    workbook = openpyxl.Workbook()
    workbook.active.append([*HEADINGS, "SIGNED", "MOA"])
    workbook.active.append(
        ["TEXAS", "Example County Sheriff's Office", "County", "Example", "JEM",
         "3/4/2025", "link pending"]
    )  # fmt: skip
    workbook.save(path)
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "file_name, listed_on",
    [
        # Two-digit year, with "287g" in front: the 287 is not a date.
        ("287gParticipatingAgencies091526pm.xlsx", datetime.date(2026, 9, 15)),
        # Two-digit year, singular "Agency".
        ("ParticipatingAgency091826am.xlsx", datetime.date(2026, 9, 18)),
        # Four-digit year, capital P.
        ("ParticipatingAgencies09212026pm.xlsx", datetime.date(2026, 9, 21)),
        # Four-digit year, no am/pm.
        ("participatingAgencies10092026.xlsx", datetime.date(2026, 10, 9)),
        # The shape of 2025.
        ("participatingAgencies07182025pm.xlsx", datetime.date(2025, 7, 18)),
    ],
)
def test_the_list_date_is_read_from_each_shape_of_name(tmp_path, file_name, listed_on):
    call_command("import_agreements", str(write_list(tmp_path / file_name)))

    snapshot = ListSnapshot.objects.get()
    assert snapshot.listed_on == listed_on
    assert snapshot.file_name == file_name
    assert Agreement.objects.get().last_listed_on == listed_on


@pytest.mark.django_db
@pytest.mark.parametrize(
    "file_name",
    ["participatingAgencies.xlsx", "287gParticipatingAgencies.xlsx", "list13.xlsx"],
)
def test_a_name_without_a_date_is_refused_with_the_way_out(tmp_path, file_name):
    with pytest.raises(CommandError, match="Cannot tell the date.*--listed-on"):
        call_command("import_agreements", str(write_list(tmp_path / file_name)))
    assert not ListSnapshot.objects.exists()

    call_command(
        "import_agreements",
        str(tmp_path / file_name),
        "--listed-on",
        "2026-09-30",
    )
    assert ListSnapshot.objects.get().listed_on == datetime.date(2026, 9, 30)

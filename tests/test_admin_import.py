"""An editor imports ICE's list in the admin: upload, preview of the changes, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statements.models import Agency, Agreement, ListSnapshot
from tests.shipped_data import JULY, ice_file

IMPORT_URL = "/admin/statements/listsnapshot/import/"


def upload(name, content=None):
    if content is None:
        content = ice_file(name).read_bytes()
    return SimpleUploadedFile(name, content)


def test_import_url_is_the_admins_named_url():
    assert reverse("admin:statements_listsnapshot_import") == IMPORT_URL


def test_adding_a_snapshot_by_hand_leads_to_the_upload(client, editor):
    client.force_login(editor)
    response = client.get("/admin/statements/listsnapshot/add/")
    assert "Upload one of ICE's 287(g) lists" in response.content.decode()


def test_editor_uploads_sees_a_preview_and_confirms(client, editor):
    client.force_login(editor)
    changelist = client.get("/admin/statements/listsnapshot/")
    assert IMPORT_URL in changelist.content.decode()

    preview = client.post(IMPORT_URL, {"file": upload(JULY)})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Preview: nothing has been saved yet" in page
    assert "832 agreements would be created" in page
    assert "row 639: SIGNED “5025-07-07”" in page
    assert not Agreement.objects.exists() and not ListSnapshot.objects.exists()

    form = preview.context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"confirm": "1"}
    done = client.post(IMPORT_URL, data, follow=True)

    assert done.redirect_chain[-1][0] == "/admin/statements/listsnapshot/"
    assert "832 agreements created" in done.content.decode()
    snapshot = ListSnapshot.objects.get()
    assert (snapshot.file_name, snapshot.imported_by) == (JULY, editor)
    assert Agreement.objects.currently_listed().count() == 832


def test_uploading_the_same_list_again_says_so_and_offers_nothing(client, editor):
    client.force_login(editor)
    first = client.post(IMPORT_URL, {"file": upload(JULY)})
    form = first.context["confirm_form"]
    client.post(
        IMPORT_URL,
        {name: form[name].value() or "" for name in form.fields} | {"confirm": "1"},
    )

    again = client.post(IMPORT_URL, {"file": upload(JULY)})

    assert "already imported" in again.content.decode()
    assert "Confirm and import" not in again.content.decode()
    assert ListSnapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("participatingAgencies07182025pm.xlsx", b"", "The submitted file is empty."),
        (
            "participatingAgencies07182025pm.xlsx",
            b"%PDF-1.5",
            "not an Excel .xlsx file",
        ),
        ("notes.txt", b"hello", "not a spreadsheet"),
        (
            "participatingAgencies07182025pm.csv",
            b"STATE,LAW ENFORCEMENT AGENCY,SIGNED\nTEXAS,X,1/1/2025\n",
            "lacks the column(s) TYPE, COUNTY, SUPPORT TYPE, MOA",
        ),
    ],
)
def test_a_bad_file_is_a_form_error_not_a_server_error(
    client, editor, name, content, message
):
    client.force_login(editor)

    response = client.post(IMPORT_URL, {"file": upload(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ListSnapshot.objects.exists() and not Agency.objects.exists()


def test_a_tampered_confirmation_imports_nothing(client, editor):
    client.force_login(editor)
    response = client.post(
        IMPORT_URL,
        {
            "token": "0" * 64,
            "file_name": "../../settings.py",
            "confirm": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "upload again" in response.content.decode()
    assert not ListSnapshot.objects.exists()


def test_contributors_cannot_import_lists(client, contributor):
    client.force_login(contributor)
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"file": upload(JULY)})
    assert response.status_code == 403
    assert not ListSnapshot.objects.exists()


def test_anonymous_readers_are_sent_to_log_in(client, db):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

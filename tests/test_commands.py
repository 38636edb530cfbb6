import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.admin_forms import is_signed_in, sign_in


@pytest.mark.django_db
def test_create_editor_makes_a_staff_login_in_the_editors_group(client):
    call_command("create_editor", username="editor", password="a-long-pass-phrase")
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("statements.publish_statement")
    sign_in(client, "editor", "a-long-pass-phrase")
    assert is_signed_in(client)
    assert client.get("/admin/statements/statement/").status_code == 200


@pytest.mark.django_db
def test_create_editor_twice_updates_instead_of_duplicating(client):
    call_command("create_editor", username="editor", password="first-pass-phrase")
    call_command(
        "create_editor",
        username="editor",
        password="second-pass-phrase",
        role="contributor",
    )
    user = get_user_model().objects.get(username="editor")
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert not user.has_perm("statements.publish_statement")
    sign_in(client, "editor", "second-pass-phrase")
    assert is_signed_in(client)


@pytest.mark.django_db
def test_create_editor_without_groups_says_to_migrate():
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
    with pytest.raises(CommandError, match="run `python manage.py migrate` first"):
        call_command("create_editor", username="editor", password="x-long-pass")


@pytest.mark.django_db
def test_measure_pages_reports_each_page_against_the_reference(capsys):
    call_command("load_sample_data", verbosity=0)
    call_command("measure_pages", "/statements/", "/orders/eo-13768/", runs=3)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("/about/") and lines[0].endswith("1.0x")
    assert [line.split()[0] for line in lines[1:]] == [
        "/statements/",
        "/orders/eo-13768/",
    ]
    assert all(line.endswith("queries") for line in lines[1:])


@pytest.mark.django_db
def test_measure_pages_refuses_a_page_that_fails():
    with pytest.raises(CommandError, match="/no-such-page/ answered 404"):
        call_command("measure_pages", "/no-such-page/", runs=3)

"""Sign-in throttling (django-axes, policytracker/throttling.py): per account and per
address, a lockout page that says what to do, and an editor's ways to unlock."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from tests import factories
from tests.admin_forms import is_signed_in, sign_in

PASSWORD = "correct horse battery staple"  # the factories' password


def browser(address):
    return Client(REMOTE_ADDR=address)


def fail(client, username, times):
    for _ in range(times):
        response = sign_in(client, username, "wrong guess")
    return response


@pytest.fixture
def writer(db):
    return factories.UserFactory(username="writer", groups=["Contributors"])


def test_five_wrong_passwords_pause_the_account_even_with_the_right_one(writer):
    client = browser("203.0.113.5")
    assert fail(client, "writer", 4).status_code == 200  # the form again, with an error
    response = fail(client, "writer", 1)
    assert response.status_code == 429
    response = sign_in(client, "writer", PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)
    page = response.content.decode()
    assert "Sign-in paused after 5 wrong passwords" in page
    assert "Wait <strong>30 minutes</strong>" in page
    assert "axes_reset_username writer" in page


def test_the_account_stays_paused_from_another_address(writer):
    for n in range(5):
        fail(browser(f"198.51.100.{n}"), "writer", 1)
    assert sign_in(browser("192.0.2.77"), "writer", PASSWORD).status_code == 429


def test_one_address_guessing_many_accounts_is_paused(writer):
    client = browser("203.0.113.9")
    for n in range(5):
        fail(client, f"someone{n}", 1)
    # The right password of a real account, from that address: refused.
    assert sign_in(client, "writer", PASSWORD).status_code == 429
    # The same account from elsewhere is not affected.
    other = browser("192.0.2.10")
    sign_in(other, "writer", PASSWORD)
    assert is_signed_in(other)


def test_a_right_password_before_the_limit_clears_the_count(writer):
    client = browser("203.0.113.20")
    fail(client, "writer", 4)
    sign_in(client, "writer", PASSWORD)
    assert is_signed_in(client)
    client.logout()
    fail(client, "writer", 4)
    sign_in(client, "writer", PASSWORD)
    assert is_signed_in(client)


def test_fifty_wrong_passwords_stay_cheap_and_refused(writer):
    client = browser("203.0.113.30")
    started = time.monotonic()
    responses = [sign_in(client, "writer", f"guess {n}") for n in range(50)]
    assert [r.status_code for r in responses[5:]] == [429] * 45
    assert sign_in(client, "writer", PASSWORD).status_code == 429
    assert time.monotonic() - started < 30


def test_an_editor_unlocks_with_the_command(writer):
    fail(browser("203.0.113.40"), "writer", 5)
    call_command("axes_reset_username", "writer", verbosity=0)
    client = browser("192.0.2.40")
    sign_in(client, "writer", PASSWORD)
    assert is_signed_in(client)


def test_an_editor_unlocks_in_the_admin(writer, editor, client):
    fail(browser("203.0.113.50"), "writer", 5)
    client.force_login(editor)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "writer" in listing.content.decode()
    from axes.models import AccessAttempt

    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    again = browser("192.0.2.50")
    sign_in(again, "writer", PASSWORD)
    assert is_signed_in(again)


def test_contributors_cannot_unlock(writer, contributor, client):
    client.force_login(contributor)
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(writer, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxy = "10.0.0.1"
    # The attacker varies the first hop; the proxy appends the real address.
    for n in range(5):
        client = Client(
            REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.60"
        )
        fail(client, f"nobody{n}", 1)
    blocked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.60")
    assert sign_in(blocked, "writer", PASSWORD).status_code == 429
    # Another reader behind the same proxy signs in.
    fine = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.60")
    sign_in(fine, "writer", PASSWORD)
    assert is_signed_in(fine)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["1", "password", "12345678901", "editor12"])
def test_create_editor_refuses_a_weak_password(password):
    with pytest.raises(CommandError, match="This password is refused: .*pass phrase"):
        call_command("create_editor", username="editor", password=password)
    assert not get_user_model().objects.filter(username="editor").exists()


@pytest.mark.django_db
def test_create_editor_keeps_the_old_password_when_the_new_one_is_refused():
    call_command("create_editor", username="editor", password="a-long-pass-phrase")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", username="editor", password="1")
    assert (
        get_user_model()
        .objects.get(username="editor")
        .check_password("a-long-pass-phrase")
    )

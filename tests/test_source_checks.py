"""The link checker against a local HTTP server (never the internet): what it
records per statement, HEAD then GET, its user agent, timeouts and time limit, and
the admin's "source reachable: broken" filter."""

import http.server
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from statements import source_checks
from statements.models import SourceCheck
from tests import factories


class Handler(http.server.BaseHTTPRequestHandler):
    seen = []  # (method, path, user agent)

    def log_message(self, *args):
        pass

    def answer(self, with_body):
        self.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        if self.path == "/no-head" and self.command == "HEAD":
            code = 405
        elif self.path in ("/ok", "/no-head", "/slow"):
            code = 200
        else:
            code = 404
        body = b"<html>page</html>"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self.answer(with_body=False)

    def do_GET(self):
        self.answer(with_body=True)


@pytest.fixture
def server():
    Handler.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def run(**options):
    out = io.StringIO()
    call_command("check_sources", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_records_reachable_and_broken_links_per_statement(server):
    fine = factories.StatementFactory(
        source_url=f"{server}/ok", archived_url=f"{server}/moved"
    )
    gone = factories.StatementFactory(source_url=f"{server}/gone", archived_url="")
    fussy = factories.StatementFactory(source_url=f"{server}/no-head")

    output = run(workers=3, timeout=5)

    checks = {(c.statement_id, c.link): c for c in SourceCheck.objects.all()}
    assert checks[fine.pk, "source"].ok and checks[fine.pk, "source"].status_code == 200
    # A redirect to a page that is there is reachable.
    assert checks[fine.pk, "archive"].ok
    assert not checks[gone.pk, "source"].ok
    assert checks[gone.pk, "source"].status_code == 404
    assert (gone.pk, "archive") not in checks
    # HEAD refused (405), GET answers: reachable.
    assert checks[fussy.pk, "source"].ok
    assert ("HEAD", "/no-head") in [(m, p) for m, p, _ua in Handler.seen]
    assert ("GET", "/no-head") in [(m, p) for m, p, _ua in Handler.seen]
    # Every request names the project.
    assert all(
        ua.startswith("policytracker-link-check/") for _m, _p, ua in Handler.seen
    )
    assert "3 reachable, 1 broken." in output
    assert f"{server}/gone" in output and "source reachable: broken" in output


@pytest.mark.django_db
def test_an_unreachable_host_is_broken_with_its_error():
    statement = factories.StatementFactory(source_url="http://127.0.0.1:9/nothing")
    run(timeout=2)
    check = SourceCheck.objects.get(statement=statement)
    assert not check.ok and check.status_code is None and check.error


@pytest.mark.django_db
def test_timeout_per_request_and_time_limit_for_the_run(server):
    for _ in range(6):
        factories.StatementFactory(source_url=f"{server}/slow")
    started = time.monotonic()
    output = run(workers=1, timeout=5, time_limit=1)
    # One worker, 1.5 s per request, 1 s allowed: the run stops early and says so.
    assert time.monotonic() - started < 6
    assert "Time limit reached" in output and "links not checked" in output
    assert SourceCheck.objects.count() < 6

    result = source_checks.check_url(f"{server}/slow", timeout=0.3)
    assert not result.ok and result.error


@pytest.mark.django_db
def test_a_second_run_replaces_the_result(server):
    statement = factories.StatementFactory(source_url=f"{server}/gone")
    run()
    assert not SourceCheck.objects.get(statement=statement).ok
    statement.source_url = f"{server}/ok"
    statement.save()
    run()
    check = SourceCheck.objects.get(statement=statement)
    assert check.ok and check.url == f"{server}/ok"


@pytest.mark.django_db
def test_admin_lists_statements_with_broken_links(client, editor, server):
    broken = factories.StatementFactory(
        source_url=f"{server}/gone", headline="Zz broken source"
    )
    factories.StatementFactory(source_url=f"{server}/ok", headline="Zz fine source")
    run()
    client.force_login(editor)
    url = reverse("admin:statements_statement_changelist")
    page = client.get(url).content.decode()
    assert "By source reachable" in page
    filtered = client.get(url, {"source_reachable": "broken"}).content.decode()
    assert broken.headline in filtered and "Zz fine source" not in filtered


@pytest.mark.django_db
def test_bad_options_say_what_to_give():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="from 1 to 64"):
        run(workers=0)


@pytest.mark.django_db
def test_long_runs_show_progress(server):
    for _ in range(20):
        factories.StatementFactory(source_url=f"{server}/ok")
    output = run(workers=4)
    assert "Checking 20 links, 4 at a time" in output
    assert "checked 20/20 links" in output
    assert "20 reachable, 0 broken." in output

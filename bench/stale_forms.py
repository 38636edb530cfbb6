"""Several editors saving one statement at once, as in issue 9: how many saves the
server acknowledged were then silently undone by a save from a form opened before
them. Each editor (a thread with its own session) opens the change form, types for
a moment, saves a summary of its own, and starts again, for a bounded time.

A save is *silently undone* when a later acknowledged save was made from a form
opened before it (the order of saves is that of the statement's versions). With the
stale-form check there should be none: such saves come back as conflicts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pt_measure \\
        .venv/bin/python bench/stale_forms.py --seconds 30 [--without-check]

Needs PostgreSQL (SQLite takes one writer at a time, so nothing overlaps), migrated.
It creates an agency, an order, a statement and editors named ``measure-*`` and
deletes the statement when done.
"""

import argparse
import html
import os
import random
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policytracker.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

TOKEN = re.compile(r'name="edit_token" value="([^"]*)"')
SUMMARY = re.compile(r'name="summary"[^>]*>\s*([^<]*)</textarea>')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long to run")
    parser.add_argument("--editors", type=int, default=4, help="editors at once")
    parser.add_argument(
        "--without-check",
        action="store_true",
        help="post without the form's token, as forms did before the check",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a migrated PostgreSQL database (see --help).")

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.test.utils import setup_test_environment
    from reversion.models import Version

    from statements.models import Agency, Order, Position, Statement

    setup_test_environment()  # the test client's host name is allowed
    agency, _ = Agency.objects.get_or_create(
        slug="measure-agency",
        defaults={
            "name": "Measure Agency",
            "kind": "sheriff",
            "jurisdiction_level": "county",
            "state": "FL",
        },
    )
    order, _ = Order.objects.get_or_create(
        slug="eo-measure",
        defaults={"kind": "executive_order", "number": "99999", "title": "Measure"},
    )
    Statement.objects.filter(slug="measure-statement").delete()
    statement = Statement.objects.create(
        agency=agency,
        headline="Measure",
        slug="measure-statement",
        issued_on="2025-01-01",
        summary="start",
    )
    position = Position.objects.create(
        statement=statement, order=order, stance="supports"
    )
    editors = []
    for n in range(args.editors):
        user, _ = User.objects.get_or_create(
            username=f"measure-{n}", defaults={"is_staff": True}
        )
        user.groups.set(Group.objects.filter(name="Editors"))
        editors.append(user)

    url = f"/admin/statements/statement/{statement.pk}/change/"
    saves, lock = [], threading.Lock()
    end = time.monotonic() + args.seconds

    def edit(user):
        client = Client()
        client.force_login(user)
        count = 0
        while time.monotonic() < end:
            page = client.get(url).content.decode()
            seen = html.unescape(SUMMARY.search(page).group(1)).strip()
            count += 1
            data = {
                "agency": agency.pk,
                "headline": "Measure",
                "slug": "measure-statement",
                "kind": "press_release",
                "issued_on": "2025-01-01",
                "issued_on_precision": "day",
                "status": "draft",
                "summary": f"{user.username} save {count}",
                "positions-TOTAL_FORMS": "1",
                "positions-INITIAL_FORMS": "1",
                "positions-MIN_NUM_FORMS": "1",
                "positions-MAX_NUM_FORMS": "1000",
                "positions-0-id": position.pk,
                "positions-0-statement": statement.pk,
                "positions-0-order": order.pk,
                "positions-0-topic": position.topic,
                "positions-0-stance": position.stance,
                "positions-0-mandate_view": position.mandate_view,
            }
            if not args.without_check:
                data["edit_token"] = html.unescape(TOKEN.search(page).group(1))
            time.sleep(random.uniform(0.05, 0.3))  # the editor types
            response = client.post(url, data)
            with lock:
                saves.append((seen, data["summary"], response.status_code == 302))

    threads = [threading.Thread(target=edit, args=(user,)) for user in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    acknowledged = [s for s in saves if s[2]]
    seen_by = {new: seen for seen, new, _ok in acknowledged}
    versions = Version.objects.get_for_object(statement).order_by("pk")
    committed = ["start"] + [v.field_dict["summary"] for v in versions]
    position_of = {summary: n for n, summary in enumerate(committed)}
    undone = set()
    for n, summary in enumerate(committed[1:], 1):
        undone.update(range(position_of[seen_by[summary]] + 1, n))
    statement.delete()
    print(
        f"{args.editors} editors, {args.seconds:g} s, "
        f"{'without' if args.without_check else 'with'} the check: "
        f"{len(saves)} saves, {len(acknowledged)} acknowledged, "
        f"{len(saves) - len(acknowledged)} shown as conflicts, "
        f"{len(undone)} acknowledged saves silently undone"
    )


if __name__ == "__main__":
    main()

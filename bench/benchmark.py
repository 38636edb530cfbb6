"""Serve the site as in production (gunicorn, DEBUG off, WhiteNoise) and Datasette on
the same SQLite file, drive both with wrk at a fixed concurrency for a bounded time,
and print what each page costs: requests a second, p50 and p99 latency, and the
server's CPU milliseconds a request (read from /proc, so the load generator's own
work does not count). Every figure is also given as a ratio to one measured in the
same run (Datasette's nearest page, and a bare Django view through the whole
middleware stack), because this machine's speed varies from minute to minute.

Run by ``bench/run``; see ``bench/run --help``. It stops everything it started.
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DATASETTE = ROOT / ".bench-venv" / "bin" / "datasette"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def process_tree(pid):
    """``pid`` and its descendants (gunicorn's workers)."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def cpu_seconds(pid):
    """User and system CPU of the process tree, in seconds."""
    total = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def seconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]


def wrk(url, connections, duration, server_pid):
    """Drive ``url`` with wrk; the figures, with the server's CPU a request."""
    before = cpu_seconds(server_pid)
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    used = cpu_seconds(server_pid) - before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": seconds(latency["50"]) * 1000,
        "p99": seconds(latency["99"]) * 1000,
        "cpu": 1000 * used / max(requests, 1),
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
    }


def one_reader(url, count):
    """``count`` requests one after another: p50 and p95 in ms."""
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


class Servers:
    """The processes this run started, stopped whatever happens."""

    def __init__(self):
        self.processes = []

    def start(self, command, env=None, log=None):
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def stop(self, process):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.processes.remove(process)

    def stop_all(self):
        for process in list(self.processes):
            self.stop(process)


def site_env(database_url, workdir, page_cache):
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_PAGE_CACHE": "on" if page_cache else "off",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "GUNICORN_ACCESS_LOG": "off",
        # Workers must live through the run: their CPU is read from /proc.
        "GUNICORN_MAX_REQUESTS": "0",
    }


def manage(args, env):
    subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def prepare_sqlite(statements, workdir, seed):
    """A SQLite file with ``statements`` generated statements, kept between runs in
    the system's temporary folder (generation takes about a minute)."""
    cached = (
        Path(tempfile.gettempdir()) / f"policytracker-bench-{statements}-{seed}.sqlite3"
    )
    env = site_env(f"sqlite:///{cached}", workdir, page_cache=False)
    if not cached.exists():
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{partial}"
        print(f"Generating {statements} statements into {cached} ...", flush=True)
        manage(["migrate", "--noinput", "-v0"], env)
        manage(
            [
                "generate_benchmark_data",
                "--statements",
                str(statements),
                "--seed",
                str(seed),
            ],
            env,
        )
        partial.rename(cached)
        env["DATABASE_URL"] = f"sqlite:///{cached}"
    else:
        manage(["migrate", "--noinput", "-v0"], env)
    # Datasette names the database after the file: "bench".
    target = workdir / "bench.sqlite3"
    shutil.copyfile(cached, target)
    return target


def sample_ids(database):
    """Real rows to ask for: an order with many positions, a busy agency, a statement."""
    with sqlite3.connect(database) as db:
        order_id, order_slug = db.execute(
            "SELECT o.id, o.slug FROM statements_order o JOIN statements_position p "
            "ON p.order_id = o.id GROUP BY o.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        agency_id, agency_slug = db.execute(
            "SELECT a.id, a.slug FROM statements_agency a JOIN statements_statement s "
            "ON s.agency_id = a.id GROUP BY a.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        statement_id, statement_slug = db.execute(
            "SELECT id, slug FROM statements_statement ORDER BY id LIMIT 1 OFFSET 100"
        ).fetchone()
    return locals()


def pages(ids):
    """(name, the site's path, Datasette's nearest page or None)."""
    order, stance = ids["order_slug"], "opposes"
    return [
        ("home", "/", "/"),
        (
            "statement list",
            "/statements/",
            "/bench/statements_statement?status__exact=published&_sort_desc=issued_on",
        ),
        (
            "filtered list",
            f"/statements/?order={order}&stance={stance}",
            f"/bench/statements_position?order_id__exact={ids['order_id']}"
            f"&stance__exact={stance}",
        ),
        (
            "search",
            "/statements/?q=sanctuaries",
            "/bench/statements_statement?_search=sanctuaries",
        ),
        (
            "statement page",
            f"/statements/{ids['statement_slug']}/",
            f"/bench/statements_statement/{ids['statement_id']}",
        ),
        (
            "agency page",
            f"/agencies/{ids['agency_slug']}/",
            f"/bench/statements_agency/{ids['agency_id']}",
        ),
        (
            "order page",
            f"/orders/{order}/",
            f"/bench/statements_order/{ids['order_id']}",
        ),
        ("API list", "/api/statements/", "/bench/statements_statement.json"),
        ("bare Django view", "/bench/bare/", None),
    ]


def export_rows_per_second(base, server_pid, path="/statements/export.csv", runs=3):
    """The CSV export of every statement, read line by line as a client reads it,
    ``runs`` times (the machine's speed varies from one run to the next): the rows
    a second of each run, the rows per second of the server's CPU in each, and the
    number of rows."""
    rates, per_cpu_second = [], []
    for _ in range(runs):
        cpu_before = cpu_seconds(server_pid)
        started = time.perf_counter()
        rows = 0
        with urllib.request.urlopen(base + path, timeout=600) as response:
            for _line in response:
                rows += 1
        rates.append((rows - 1) / (time.perf_counter() - started))
        per_cpu_second.append((rows - 1) / (cpu_seconds(server_pid) - cpu_before))
    return rates, per_cpu_second, rows - 1


def table(rows, headings):
    widths = [
        max(len(str(r[i])) for r in [headings, *rows]) for i in range(len(headings))
    ]
    for row in [headings, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(
                str(c).rjust(w) if i else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def start_site(servers, env, workers, log):
    port = free_port()
    process = servers.start(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"],
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
        },
        log=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/about/")
    except SystemExit:
        log.flush()
        print(Path(log.name).read_text()[-3000:])
        raise
    return process, base


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--duration", type=int, default=6, help="seconds of wrk per page"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url",
        help="measure the site on this (empty or generated) PostgreSQL database "
        "instead of SQLite; Datasette is then left out",
    )
    parser.add_argument(
        "--reader", type=int, default=0, help="also time N requests of one reader (p95)"
    )
    options = parser.parse_args()
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="policytracker-bench-"))
    servers = Servers()
    log = open(workdir / "servers.log", "w")  # noqa: SIM115
    try:
        env = site_env("", workdir, page_cache=False)
        manage(["collectstatic", "--noinput", "-v0"], env)
        if options.database_url:
            database = None
            env["DATABASE_URL"] = options.database_url
            manage(["migrate", "--noinput", "-v0"], env)
            from_db = subprocess.run(
                [
                    str(PYTHON),
                    "manage.py",
                    "shell",
                    "-c",
                    "from statements.models import Statement; print(Statement.objects.count())",
                ],
                cwd=ROOT,
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[-1]  # after the shell's own greeting
            if from_db.strip() == "0":
                manage(
                    [
                        "generate_benchmark_data",
                        "--statements",
                        str(options.statements),
                        "--seed",
                        str(options.seed),
                    ],
                    env,
                )
            ids = postgres_ids(env)
        else:
            database = prepare_sqlite(options.statements, workdir, options.seed)
            env["DATABASE_URL"] = f"sqlite:///{database}"
            ids = sample_ids(database)
        measured = pages(ids)
        datasette = None
        if database is not None:
            port = free_port()
            datasette = servers.start(
                [
                    str(DATASETTE),
                    "serve",
                    str(database),
                    "--port",
                    str(port),
                    "--host",
                    "127.0.0.1",
                ],
                log=log,
            )
            datasette_base = f"http://127.0.0.1:{port}"
            wait_for(datasette_base + "/")

        results = {}
        for cached in (False, True):
            site_process, base = start_site(
                servers,
                {**env, "DJANGO_PAGE_CACHE": "on" if cached else "off"},
                options.workers,
                log,
            )
            for name, path, _other in measured:
                # Warm up every worker (each keeps its own figures when the
                # cache is in its memory): requests in parallel, as measured,
                # then a few one after another, which wait for a worker still
                # working out the figures the parallel ones started.
                wrk(base + path, options.connections, 1, site_process.pid)
                one_reader(base + path, 2 * options.workers)
                results[(name, cached)] = wrk(
                    base + path, options.connections, options.duration, site_process.pid
                )
            if not cached:
                results["export"] = export_rows_per_second(base, site_process.pid)
                if options.reader:
                    for name, path, _ in measured[2:4]:
                        results[("reader", name)] = one_reader(
                            base + path, options.reader
                        )
            servers.stop(site_process)
        if datasette is not None:
            for name, _path, other in measured:
                if other:
                    one_reader(datasette_base + other, 2)
                    results[(name, "datasette")] = wrk(
                        datasette_base + other,
                        options.connections,
                        options.duration,
                        datasette.pid,
                    )
        report(options, measured, results, time.monotonic() - started)
    finally:
        servers.stop_all()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def postgres_ids(env):
    code = (
        "from statements.models import *; from django.db.models import Count;"
        "o=Order.objects.annotate(n=Count('positions')).order_by('-n').first();"
        "a=Agency.objects.annotate(n=Count('statements')).order_by('-n').first();"
        "s=Statement.objects.order_by('id')[100];"
        "print(o.id,o.slug,a.id,a.slug,s.id,s.slug)"
    )
    out = (
        subprocess.run(
            [str(PYTHON), "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.splitlines()[-1]
        .split()
    )  # after the shell's own greeting
    keys = [
        "order_id",
        "order_slug",
        "agency_id",
        "agency_slug",
        "statement_id",
        "statement_slug",
    ]
    return dict(zip(keys, out, strict=True))


def report(options, measured, results, elapsed):
    bare = results[("bare Django view", False)]
    bare_cached = results[("bare Django view", True)]
    print(
        f"\npolicytracker at {options.statements:,} statements, gunicorn {options.workers} "
        f"workers, wrk {options.connections} connections x {options.duration} s a page"
    )
    print("\nUncached (DJANGO_PAGE_CACHE=off):")
    rows = []
    for name, _path, _other in measured:
        r = results[(name, False)]
        d = results.get((name, "datasette"))
        rows.append(
            [
                name,
                f"{r['rps']:.0f}",
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                f"{r['cpu']:.1f}",
                f"{r['rps'] / d['rps']:.2f}x" if d else "",
                f"{d['rps']:.0f}" if d else "",
                f"{d['p99']:.1f}" if d else "",
                f"{d['cpu']:.1f}" if d else "",
                f"{r['rps'] / bare['rps']:.2f}",
                r["errors"],
            ]
        )
    table(
        rows,
        [
            "page",
            "req/s",
            "p50 ms",
            "p99 ms",
            "CPU ms/req",
            "vs Datasette",
            "DS req/s",
            "DS p99",
            "DS CPU ms",
            "vs bare",
            "errors",
        ],
    )
    print("\nCached anonymous pages:")
    rows = []
    for name, _path, _other in measured:
        r = results[(name, True)]
        rows.append(
            [
                name,
                f"{r['rps']:.0f}",
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                f"{r['cpu']:.1f}",
                f"{r['rps'] / bare_cached['rps']:.2f}",
                r["errors"],
            ]
        )
    table(
        rows, ["page", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "vs bare", "errors"]
    )
    rates, per_cpu_second, rows_exported = results["export"]
    print(
        f"\nCSV export of every statement: {rows_exported:,} rows at "
        f"{statistics.median(rates):,.0f} rows/s (median of "
        f"{', '.join(f'{rate:,.0f}' for rate in rates)}); "
        f"{statistics.median(per_cpu_second):,.0f} rows per second of server CPU"
    )
    for key, value in results.items():
        if isinstance(key, tuple) and key[0] == "reader":
            print(f"One reader, {key[1]}: p50 {value[0]:.1f} ms, p95 {value[1]:.1f} ms")
    print(f"\nFinished in {elapsed:.0f} s.")


if __name__ == "__main__":
    sys.exit(main())

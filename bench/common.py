"""What the load benchmarks share: their PostgreSQL database, gunicorn, the machine, the output.

The app runs as in production (README, "Configuration"): DEBUG off, gunicorn, WhiteNoise,
with HTTPS=0 because client and server are on the same machine with no proxy between them.
The secret key is fixed, not random: sessions and invitation links made in the benchmark's
own process must be valid in gunicorn's, and in the next run's, which reuses the data.
"""

import argparse
import http.client
import io
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cxlab_bench"
SECRET_KEY = "bench-only-not-a-secret-" + "0123456789abcdef" * 3
WORKERS = 3  # 2 cores: one worker per core and one more to cover the time spent waiting on I/O
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
DEMO_EMAIL = "demo@cxlab.example"  # as in `manage.py demo`, imported before Django is set up
HOST = "127.0.0.1"
at_start: dict = {}  # the code measured and the machine's load, when setup() ran


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database to build (or reuse) the data in [{DEFAULT_DATABASE_URL}]",
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers [3]")
    parser.add_argument(
        "--write",
        action="store_true",
        help="also replace this script's section of docs/benchmarks.md",
    )
    return parser


def environment(database_url: str) -> dict[str, str]:
    """The production settings, as the README gives them, for this process and gunicorn."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cxlab.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def create_database(database_url: str) -> None:
    """Create the database if the server does not have it yet."""
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def setup_django(database_url: str) -> None:
    """Django in this process, with the production settings, on the benchmark database."""
    os.environ.update(environment(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def setup(database_url: str) -> None:
    """Django in this process, on the benchmark database, migrated, with the framework,
    the collected static files and the demo account (created only if missing: ``manage.py
    demo`` would delete it, and with it its place in the benchmark organisations)."""
    import psutil  # noqa: F401 (requirements-bench.txt): missing, fail now, not after the run

    at_start.update(code=code_version(), load=os.getloadavg())
    create_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command

    from accounts.models import User
    from frameworks.models import Framework

    call_command("migrate", interactive=False, verbosity=0)
    if static_files_stale():
        print(
            "Collecting the static files (2 minutes: WhiteNoise compresses them)…", file=sys.stderr
        )
        call_command("collectstatic", interactive=False, verbosity=0)
    if not Framework.objects.filter(slug="six-pillars", version=1).exists():
        call_command("loaddata", "six_pillars", verbosity=0)
    if not User.objects.filter(email=DEMO_EMAIL).exists():
        call_command("demo", verbosity=0, stdout=io.StringIO())
    analyze()


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them in production: a server with
    autovacuum off (as a test server may be) would otherwise plan the report queries for
    empty tables, and spill their aggregates to disk."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def static_files_stale() -> bool:
    """Whether collectstatic must run: no manifest (pages would fail without it), or one
    older than the app's own static files or the requirements that bring the others."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    sources = [ROOT / "requirements.txt", *(ROOT / "static").rglob("*")]
    return max(source.stat().st_mtime for source in sources) > manifest.stat().st_mtime


def organisation_name(teams: int, responses: int) -> str:
    return f"Bench {teams} teams {responses} responses"


def demo_campaign(teams: int, responses: int) -> tuple[int, float | None]:
    """The campaign of a demo organisation of that size, built by ``manage.py
    demo_organisation`` unless an earlier run left it; and how long building took."""
    from django.core.management import call_command

    from campaigns.models import Campaign

    name = organisation_name(teams, responses)
    built = None
    if not Campaign.objects.filter(organisation__name=name).exists():
        print(f"Building {name} (once; later runs reuse it)…", file=sys.stderr)
        started = time.perf_counter()
        call_command(
            "demo_organisation",
            name=name,
            teams=teams,
            responses=responses,
            seed=1,
            stdout=io.StringIO(),
        )
        built = time.perf_counter() - started
        analyze()
    call_command("demo_organisation", name=name, admin=DEMO_EMAIL, stdout=io.StringIO())
    return Campaign.objects.get(organisation__name=name).pk, built


def demo_client():
    """Django's test Client, logged in as the demo account (HR of the bench organisations)."""
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(email=DEMO_EMAIL))
    return client


def session_cookie() -> str:
    """A session of the demo account, stored in the database, for requests to gunicorn."""
    return f"sessionid={demo_client().cookies['sessionid'].value}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving cxlab on a free port of 127.0.0.1."""

    def __init__(self, database_url: str, workers: int):
        self.port = free_port()
        # Closed in stop(): the server outlives this method.
        self.log = tempfile.NamedTemporaryFile(prefix="cxlab-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "cxlab.wsgi"),
                *("--bind", f"{HOST}:{self.port}", "--workers", str(workers)),
            ],
            cwd=ROOT,
            env=environment(database_url),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log_tail()}")
            try:
                if get(self.port, "/healthz/live/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in 60 s:\n{self.log_tail()}")

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers(self):
        """The worker processes (psutil), for their memory."""
        import psutil

        return psutil.Process(self.process.pid).children()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@contextmanager
def gunicorn(database_url: str, workers: int) -> Iterator[Server]:
    server = Server(database_url, workers)
    try:
        yield server
    finally:
        server.stop()


def get(port: int, path: str, cookie: str = "") -> tuple[int, float, int]:
    """One GET on a new connection (gunicorn's sync workers close each one): status,
    seconds until the whole body is read, and its size."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        size = len(response.read())
    finally:
        connection.close()
    return response.status, time.perf_counter() - started, size


def load(
    port: int, path: str, cookie: str, requests: int, concurrency: int, max_seconds: float
) -> dict:
    """``requests`` GETs from ``concurrency`` clients at once (each waits for its answer
    before asking again), stopping early after ``max_seconds``; latencies and errors."""
    return alternate(port, [path], cookie, requests, concurrency, max_seconds)[path]


def alternate(
    port: int,
    paths: list[str],
    cookie: str,
    requests: int,
    concurrency: int,
    max_seconds: float,
) -> dict[str, dict]:
    """``requests`` GETs of each path, taking the paths in turn, so that the ones compared
    meet the same disturbances from the rest of the machine; from ``concurrency`` clients
    at once, stopping early after ``max_seconds``. Latencies and errors per path."""
    runs = {path: {"latencies": [], "errors": []} for path in paths}
    lock = threading.Lock()
    issued = [0]
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if issued[0] == requests * len(paths):
                    return
                path = paths[issued[0] % len(paths)]
                issued[0] += 1
            status, seconds, _size = get(port, path, cookie)
            with lock:
                if status == 200:
                    runs[path]["latencies"].append(seconds)
                else:
                    runs[path]["errors"].append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _client in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for run in runs.values():
        run["requests"] = len(run["latencies"]) + len(run["errors"])
        run["per_second"] = run["requests"] / elapsed
    return runs


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value below which ``share`` of them lie."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it (read-only git)."""

    def git(*arguments: str) -> str:
        finished = subprocess.run(
            ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return finished.stdout.rstrip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [
        line[3:]
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
        if not line[3:].startswith(("docs/", "bench/"))
    ]
    return f"{commit} with uncommitted changes to {', '.join(changed)}" if changed else commit


def code_row() -> str:
    now = code_version()
    if at_start.get("code", now) == now:
        return now
    return f"{at_start['code']} at the start, **{now} at the end**: the code changed during the run"


def machine(workers: int | None) -> list[str]:
    """Markdown rows: the machine and software the figures were measured on."""
    import django
    import gunicorn as gunicorn_package
    import psutil
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
    load_1, load_5, _load_15 = at_start.get("load") or os.getloadavg()
    end_1, end_5, _end_15 = os.getloadavg()
    server = (
        f", gunicorn {gunicorn_package.__version__} with {workers} sync workers" if workers else ""
    )
    return [
        f"| machine | {cpu_model()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, {platform.system()}; "
        f"load average (1 / 5 min) {load_1:.1f} / {load_5:.1f} at the start, "
        f"{end_1:.1f} / {end_5:.1f} at the end |",
        f"| software | Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {postgres} (autovacuum {autovacuum}; ANALYZE before measuring)"
        f"{server} (gunicorn.conf.py, DEBUG off, HTTPS=0, CONN_MAX_AGE=60) |",
        f"| code | {code_row()} |",
    ]


def command_line() -> str:
    return "`.venv/bin/python " + " ".join(["bench/" + Path(sys.argv[0]).name, *sys.argv[1:]]) + "`"


def heading(title: str, workers: int | None) -> list[str]:
    return [
        *(f"## {title}", "", "| | |", "|---|---|"),
        f"| command | {command_line()} |",
        *machine(workers),
    ]


def write_section(name: str, markdown: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md (between its markers), or
    add it at the end; the other sections are left as they are."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    section = f"{start}\n{markdown.strip()}\n{end}"
    text = (
        BENCHMARKS.read_text()
        if BENCHMARKS.exists()
        else "# Benchmarks\n\nFigures measured by the scripts in `bench/` and written here by "
        "their `--write` option; `bench/README.md` says how to run them.\n"
    )
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    BENCHMARKS.write_text(text)
    print(f"Wrote the {name} section of {BENCHMARKS.relative_to(ROOT)}.", file=sys.stderr)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 0.1 else f"{seconds * 1000:,.0f}"

"""Production mode: the deployment checks pass, security headers and the health checks are
there, and gunicorn serves the app with compressed, cache-busted static files."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.db import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cxlab.example,127.0.0.1",
}


def environment(**settings) -> dict:
    """This process's environment as production sees it: the browser tests' permission to
    run the ORM beside Playwright's event loop is not something to deploy."""
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**inherited, **PRODUCTION, **settings}


def manage(*args, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**(env or {})),
        capture_output=True,
        text=True,
        **kwargs,
    )


def test_the_production_settings_pass_the_deployment_checks():
    checked = manage("check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "System check identified no issues (0 silenced).\n"


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in environment().items() if key != "SECRET_KEY"}
    started = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert started.returncode != 0
    assert "Set SECRET_KEY when DEBUG is off." in started.stderr


def test_a_yes_no_setting_it_cannot_read_stops_the_start_up():
    """``DEBUG=flase`` must not quietly mean "off" (nor "on")."""
    started = manage("check", env={"HTTPS": "flase"})
    assert started.returncode != 0
    assert "HTTPS='flase': give one of 1, true, yes, on, 0, false, no, off." in started.stderr
    assert manage("check", env={"HTTPS": " Off "}).returncode == 0


def test_every_page_forbids_inline_script(client, db):
    response = client.get("/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_health_checks(client, db, monkeypatch):
    assert client.get("/healthz/live/").content == b"ok"
    ready = client.get("/healthz/")
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "database": "ok"})
    assert "no-cache" in ready["Cache-Control"]

    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("cxlab.health.connection", Unreachable())
    down = client.get("/healthz/")
    assert (down.status_code, down.json()["database"]) == (503, "unreachable")


LINK_TOKEN = "a-respondents-own-link-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    """One request, redirects not followed."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.request("GET", address.path, headers={"Host": "cxlab.example", **headers})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_gunicorn_serves_the_app_and_hashed_compressed_static_files(tmp_path):
    """The whole production path: collectstatic, then gunicorn (on a database of its own:
    these pages need no table)."""
    static = tmp_path / "static"
    env = {"STATIC_ROOT": str(static), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    css = manifest["cxlab/app.css"]
    assert css.startswith("cxlab/app.") and css != "cxlab/app.css"  # a content hash
    assert (static / f"{css}.gz").exists() and (static / f"{css}.br").exists()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cxlab.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                status, _headers, body = fetch(base + "/healthz/live/")
                break
            except OSError:
                time.sleep(0.1)
        assert (status, body) == (200, b"ok")
        assert fetch(base + "/healthz/")[0] == 200
        # Plain HTTP is sent to HTTPS; behind the load balancer the page is served.
        status, headers, _body = fetch(base + "/")
        assert (status, headers["Location"]) == (301, "https://cxlab.example/")
        status, headers, page = fetch(base + "/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Server"] == "gunicorn"  # no version to look vulnerabilities up by
        assert f'href="/static/{css}"' in page.decode()
        status, headers, _body = fetch(
            f"{base}/static/{css}",
            **{"X-Forwarded-Proto": "https", "Accept-Encoding": "br"},
        )
        assert (status, headers["Content-Encoding"]) == (200, "br")
        assert "immutable" in headers["Cache-Control"]
        # A survey link (here on a database without tables: an error, logged twice over).
        fetch(f"{base}/s/{LINK_TOKEN}/", **{"X-Forwarded-Proto": "https"})
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[0]
    assert '"GET /healthz/live/ HTTP/1.1" 200' in log  # the access log goes to stdout
    # No line carries the link: neither the access log's nor the application's error.
    assert LINK_TOKEN not in log
    assert '"GET /s/…/ HTTP/1.1" 500' in log
    assert "Internal Server Error: /s/…/" in log


def test_every_page_turns_off_the_browser_features_cxlab_does_not_use(client, db):
    policy = client.get("/")["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy

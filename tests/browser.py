"""Shared Playwright helpers for the browser tests: fixtures, rating clicks, accessibility.

The fixtures (``browser``, ``page``, ``new_page``, ``console_errors``) are registered for
every test by ``pytest_plugins`` in ``tests/conftest.py``.

The browser is Debian's Chromium (``playwright install`` cannot download one here); where
it is missing, every test that asks for a browser is skipped rather than failed.
"""

import contextlib
import os
import threading
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

# Playwright's sync API runs an asyncio event loop in the test's thread, so Django thinks
# every ORM call the test makes comes from async code and raises SynchronousOnlyOperation.
# The test really is synchronous (the loop only drives the browser), so tell Django so.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


# Held while the live server answers a request, and while a test runs the worker.
SERVING = threading.Lock()


class OneRequestAtATime(WSGIServer):
    """The live server, answering one request at a time. With SQLite in memory, its requests
    share the tests' one database connection, which two at once would trip over: the
    survey's script saves answers while the person goes on clicking. (In production each
    request has its own connection, and the database's locks order them.)"""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with SERVING:
            super().process_request(request, client_address)


def run_worker() -> None:
    """The background worker's queue, run once, between two of the live server's requests
    (a page polling a build's progress must not query the shared connection meanwhile)."""
    with SERVING:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


LiveServerThread.server_class = OneRequestAtATime

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Fail fast: every page of the app answers in well under a second on the live server.
TIMEOUT_MS = 10_000
NOT_APPLICABLE = "na"
# Console noise that says nothing about the app: Chromium asks for a favicon we don't ship.
IGNORED_CONSOLE_URLS = ("/favicon.ico",)


@pytest.fixture(scope="session", name="browser")
def browser_fixture() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CXLAB_REQUIRE_BROWSER"):  # set by CI: a skip there is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(name="console_errors")
def console_errors_fixture() -> list[str]:
    """Every console error and uncaught exception of every page the test opened."""
    return []


@pytest.fixture(name="new_page")
def new_page_fixture(browser: Browser, console_errors: list[str]) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context: no cookies, as if on another device.

    Its console errors and uncaught exceptions land in ``console_errors``. Every context
    opened is closed when the test ends.
    """
    contexts = []

    def open_page(locale: str = "en-GB") -> Page:
        # The app picks its language from the browser's locale (its Accept-Language).
        context = browser.new_context(viewport=VIEWPORT, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        record_errors(page, console_errors)
        return page

    yield open_page
    for context in contexts:
        with contextlib.suppress(Error):  # closed already by the test
            context.close()


@pytest.fixture(name="page")
def page_fixture(new_page: Callable[[], Page]) -> Page:
    return new_page()


def record_errors(page: Page, errors: list[str]) -> None:
    def on_console(message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith(IGNORED_CONSOLE_URLS):
            errors.append(f"console error on {page.url}: {message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception on {page.url}: {exc}"))


def log_in(page: Page, base_url: str, email: str, password: str = "a-long-passphrase") -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


# Rating steps ---------------------------------------------------------------------------


def rate_step(
    page: Page,
    current: int | str,
    target: int | str,
    *,
    not_applicable: Collection[int] = (),
) -> dict[str, str]:
    """Rate every statement on the page ``current`` now and ``target`` as target, whether
    the target is asked per statement or once per component.

    The statements at the positions in ``not_applicable`` (0-based) get "N/A" for both.
    The radios are Bootstrap ``.btn-check`` inputs, hidden behind their labels, so the
    helper clicks the label as a person would. Returns the choices, radio name -> value,
    after checking that the page shows exactly these as checked.
    """
    # One reading of the page for both: read twice, the second could see the next step's
    # page, if the click that led here was still loading it.
    radios = page.eval_on_selector_all(
        "input.btn-check[type=radio]", "radios => radios.map(r => [r.name, r.value, r.id])"
    )
    ids = {f"{name}={value}": id_ for name, value, id_ in radios}
    names = list(dict.fromkeys(name for name, _value, _id in radios))
    statements = [name.rsplit("-", 1)[0] for name in names if name.endswith("-current")]
    choices = {}
    for name in names:
        head, _, state = name.rpartition("-")
        value = current if state == "current" else target
        if head in statements and statements.index(head) in not_applicable:
            value = NOT_APPLICABLE
        choices[name] = str(value)
    for name, value in choices.items():
        page.locator(f"label[for='{ids[f'{name}={value}']}']").click()
    checked = page.eval_on_selector_all(
        "input.btn-check[type=radio]:checked",
        "radios => Object.fromEntries(radios.map(r => [r.name, r.value]))",
    )
    assert checked == choices
    return choices


# Accessibility --------------------------------------------------------------------------

BLOCKING_IMPACTS = frozenset({"critical", "serious"})


def assert_accessible(page: Page, impacts: Collection[str] = BLOCKING_IMPACTS) -> None:
    """Run axe-core on the page; fail on any violation of the given impacts.

    The failure message names each rule and quotes the offending HTML.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in impacts]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}\n"
        + "\n".join(
            f"  {', '.join(map(str, n['target']))}: {n['html']}\n    {n['failureSummary']}"
            for n in v["nodes"]
        )
        for v in blocking
    )
    assert not blocking, f"accessibility violations on {page.url}:\n{details}"

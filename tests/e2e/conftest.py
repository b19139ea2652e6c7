"""Browser tests: a live server in a thread and Debian's Chromium driven by Playwright."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    for candidate in (
        os.environ.get("KOP_CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip("no Chromium installed (apt-get install chromium) - browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def with_content():
    """Whether the live app gets the demo profiles and projects too (override in a module)."""
    return False


def _closing(wsgi_app):
    """The app, its answers closed even when the browser drops the connection mid-answer:
    Werkzeug's development server then left a static file (a favicon answered 304 as the
    page closed) open, and the ResourceWarning surfaced in whichever test ran next."""

    def serve(environ, start_response):
        answer = wsgi_app(environ, start_response)
        try:
            yield from answer
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()

    return serve


@pytest.fixture
def live_app(make_app, with_content):
    """The app with reference data and demo users, served on a free localhost port."""
    app = make_app("demo" if with_content else "demo_users", WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    # Polled every 50 ms (not Werkzeug's 0.5 s) so that shutting down at the end of each
    # test is not half a second of waiting.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    external = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_app.config["LIVE_URL"]) else external.append(r.url),
    )
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    in_flight = set()
    page.on("request", lambda r: in_flight.add(r))
    page.on("requestfinished", lambda r: in_flight.discard(r))
    page.on("requestfailed", lambda r: in_flight.discard(r))
    page.set_default_timeout(10_000)
    yield page
    # Close only when the browser has its answers (a favicon asked for as the test ended):
    # a connection dropped mid-answer leaves the live server's file open.
    for _ in range(100):
        if not in_flight:
            break
        page.wait_for_timeout(20)
    context.close()
    assert external == [], f"the page asked other hosts: {external}"
    assert refused == [], f"the Content-Security-Policy refused: {refused}"


# The session cookies of a login through the form, per user, for this worker's later tests
# (as Playwright's storage state): every test's database starts from the same snapshot, so
# the session a cookie names is there again, unless the test ended it (a logout, a new
# password): then the form is used again.
_SIGNED_IN = {}


@pytest.fixture
def login(page, live_app):
    def do(email, password=None):
        base = live_app.config["LIVE_URL"]
        key = (email, password)
        if key in _SIGNED_IN:
            page.context.clear_cookies()
            page.context.add_cookies(_SIGNED_IN[key])
            page.goto(base + "/dashboard")
            if page.url.startswith(base + "/dashboard"):
                return
        page.goto(base + "/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(password or live_app.config["DEMO_PASSWORD"])
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url("**/dashboard")
        _SIGNED_IN[key] = page.context.cookies()

    return do

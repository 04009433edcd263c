"""Fixtures shared by the apps' tests: the demo services, an applicant, one Chromium."""

import json
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from dzong.accounts.models import User
from dzong.catalogue.tests.support import ensure_demo

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop is not Django's
CHROMIUM = os.environ.get("DZONG_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The demo is loaded once per test session; every test rolls back what it changed."""
    with django_db_blocker.unblock():
        ensure_demo()


@pytest.fixture
def empty_database(db: None) -> None:
    """No demo for this test: every table emptied, inside the test's transaction (rolled back)."""
    from django.core.management.color import no_style
    from django.db import connection

    tables = connection.introspection.django_table_names(only_existing=True)
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def demo(db: None) -> None:
    ensure_demo()  # a transactional test before this one may have emptied the database


@pytest.fixture
def applicant(demo: None) -> User:
    return User.objects.create_user("karma@example.bt", None)


class SmsGateway(BaseHTTPRequestHandler):
    """An SMS gateway on loopback for the "http" gateway: keeps each message it is sent."""

    received: list[tuple[dict[str, str], str]] = []
    status = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SmsGateway.received.append((body, self.headers["Authorization"]))
        self.send_response(SmsGateway.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": "gw-42"}).encode())

    def log_message(self, *args: object) -> None:
        pass

    @classmethod
    def texts_to(cls, number: str) -> list[str]:
        """The texts sent to `number`, oldest first."""
        return [body["text"] for body, _key in cls.received if body["to"] == number]


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[type[SmsGateway]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SmsGateway)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    SmsGateway.received, SmsGateway.status = [], 200
    settings.DZONG_SMS_GATEWAY = "http"
    settings.DZONG_SMS_URL = f"http://127.0.0.1:{server.server_port}/messages"
    settings.DZONG_SMS_KEY = "secret-key"
    yield SmsGateway
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is needed for the browser tests and was not found at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(
    live_server: Any,
    transactional_db: None,
    sandbox_gateway: Any,
    settings: Any,
    request: pytest.FixtureRequest,
) -> Iterator[str]:
    settings.DZONG_SITE_URL = live_server.url  # where the gateway sends payers and callbacks
    ensure_demo()
    yield str(live_server.url)
    # Pages a test left open stop asking the server (a confirmation page polls for its
    # certificates) before the test's database and settings go.
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=False)
    page = context.new_page()
    yield page
    context.close()


def twice_at_once(job: Any) -> list[object]:
    """Run `job` in two threads started together, each closing its database connection;
    what each returned (or raised), in the order they finished."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(job())
        except Exception as error:  # the test reads what went wrong
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes

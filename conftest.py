"""Test settings shared by every app's tests."""

from __future__ import annotations

import email
import email.message
import email.policy
import os
import secrets
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent
CONFORMANCE = REPO.parent / "shared" / "conformance" / "jsonlogic" / "tests.json"
EDGE_CASES = REPO / "dzong" / "engine" / "cases" / "edge_cases.json"
DEMO_SERVICES = REPO / "demo" / "services"
# The SQLite test database is a file under the var folder (see settings.py).
Path(os.environ.get("DZONG_VAR_DIR") or REPO / "var").mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _plain_static_files(settings: pytest.FixtureRequest) -> None:
    """Tests serve static files as they are, without the collected manifest."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Files applicants upload in tests land in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


class MailServer:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.received = threading.Condition()

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.received:
            self.messages.append(message)  # type: ignore[arg-type]
            self.received.notify_all()
        return "250 Message accepted"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        """The messages once `count` have arrived; fails after `timeout` seconds."""
        with self.received:
            arrived = self.received.wait_for(lambda: len(self.messages) >= count, timeout)
        assert arrived, f"expected {count} emails, received {len(self.messages)}"
        return self.messages


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[MailServer]:
    """Django's email goes to a real SMTP server for the test (aiosmtpd on a free port)."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


# Argon2 is slow on purpose; tests hash with a fast hasher (a test proves production's is Argon2).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (those a second database engine must pass).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --database-tests-only, leave out the tests that never touch the database."""
    if not config.getoption("--database-tests-only"):
        return
    database = {"db", "transactional_db", "django_db_setup"}
    kept, left = [], []
    for item in items:
        uses = database & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
            "django_db"
        )
        (kept if uses else left).append(item)
    config.hook.pytest_deselected(items=left)
    items[:] = kept


TEST_SECRETS = {
    "DZONG_SECRET_KEY": "SECRET_KEY",
    "DZONG_PAYMENT_HMAC_SECRET": "DZONG_PAYMENT_HMAC_SECRET",
}


def pytest_configure(config: pytest.Config) -> None:
    """The suite runs as production does (no secret in the code), so it makes its own secrets.

    pytest-django reads the settings before this file; what a variable leaves empty is set
    both in the settings and in the environment (for the commands the tests start)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_HASHERS
    for variable, setting in TEST_SECRETS.items():
        if not os.environ.get(variable):
            os.environ[variable] = secrets.token_urlsafe(50)
            setattr(settings, setting, os.environ[variable])


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remove what an earlier run left beside a SQLite test database it already deleted."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if name and database["ENGINE"].endswith("sqlite3") and not Path(name).exists():
        for leftover in (Path(f"{name}-wal"), Path(f"{name}-shm")):
            leftover.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A language a test switched to (a request, a Dzongkha form) does not carry into the next
    test on the same worker."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Each test starts with an empty cache (sign-in failures are counted there).

    The cache is a table of the test database: what a test writes in its transaction is rolled
    back with it; a test that commits (transactional_db, live_server) empties it afterwards."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if committed:
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()


class SandboxGateway:
    """The sandbox payment gateway, running as its own HTTP server for a test."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.url = server.public_url

    @property
    def gateway(self) -> Any:
        return self.server.gateway

    def behave(self, **changes: object) -> None:
        """Change how the gateway behaves, through its own control endpoint."""
        import json
        import urllib.request

        request = urllib.request.Request(  # noqa: S310  # the sandbox on loopback
            self.url + "/_control", data=json.dumps(changes).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            response.read()


@pytest.fixture
def sandbox_gateway(settings: Any) -> Iterator[SandboxGateway]:
    """The sandbox gateway on a free loopback port; Dzong's settings point at it."""
    from dzong.payments.sandbox_server import Gateway, SandboxServer

    gateway = Gateway(merchant="dzong-test", secret="test-secret-" + os.urandom(8).hex())
    server = SandboxServer(("127.0.0.1", 0), gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DZONG_PAYMENT_PROVIDER = "sandbox"
    settings.DZONG_PAYMENT_GATEWAY_URL = server.public_url
    settings.DZONG_PAYMENT_MERCHANT_ID = gateway.merchant
    settings.DZONG_PAYMENT_HMAC_SECRET = gateway.secret
    yield SandboxGateway(server)
    server.shutdown()
    server.server_close()


class IdentitySandbox:
    """The sandbox national identity provider, running as its own server (a Django project of
    its own, so in a process of its own)."""

    client_id = "dzong-test"
    client_secret = "identity-test-secret"  # noqa: S105  # the tests' own

    def __init__(self, url: str) -> None:
        self.url = url
        self.issuer = url + "/o"

    def control(self, **behaviour: bool) -> dict[str, bool]:
        """Change how the provider behaves (reset=True first restores the defaults)."""
        import json
        import urllib.request

        address, body = self.url + "/_control", json.dumps(behaviour).encode()
        request = urllib.request.Request(address, data=body, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            answer: dict[str, bool] = json.loads(response.read())
        return answer


@pytest.fixture(scope="session")
def _identity_sandbox_server() -> Iterator[IdentitySandbox]:
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "dzong.identity_sandbox",
        "--port",
        "0",
        "--client-id",
        IdentitySandbox.client_id,
        "--client-secret",
        IdentitySandbox.client_secret,
        "--redirect-uri",
        "http://testserver/account/national-identity/return/",
        "--redirect-uri",  # a live server's, on any port (loopback addresses, RFC 8252)
        "http://127.0.0.1/account/national-identity/return/",
        "--redirect-uri",  # a community centre's, where a citizen consents
        "http://testserver/centre/consent/national-identity/return/",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "listening on" in line, "the identity sandbox did not start"
    yield IdentitySandbox(line.split("listening on ", 1)[1].strip().rstrip("/"))
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


@pytest.fixture
def identity_sandbox(settings: Any, _identity_sandbox_server: IdentitySandbox) -> IdentitySandbox:
    """The sandbox identity provider, behaving well; Dzong's settings point at it."""
    sandbox = _identity_sandbox_server
    sandbox.control(reset=True)
    settings.DZONG_SIGN_IN_METHODS = ["password", "national-identity"]
    settings.DZONG_OIDC_PROVIDER_URL = sandbox.issuer
    settings.DZONG_OIDC_CLIENT_ID = sandbox.client_id
    settings.DZONG_OIDC_CLIENT_SECRET = sandbox.client_secret
    return sandbox

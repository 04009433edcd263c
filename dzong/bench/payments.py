"""Paying online: twenty applicants filling in a Bus route permit and paying its fee at the
sandbox gateway at once; payments completed per second, and how long Dzong takes from the
gateway's callback to the application being submitted."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from dzong.bench.http import Browser, hidden
from dzong.bench.journey import inside
from dzong.bench.server import free_port, served

APPLICANTS = 20
DURATION = 15.0
APPLY = "/services/bus-route-permit/apply/"
OPERATOR = {"business_licence_number": "BL-2026-000001", "contact_person": "Sonam Dorji"}
VEHICLE = {"vehicle_registration": "BP-1-A1234", "seating_capacity": "30"}
ROUTE = {"origin_town": "Thimphu", "destination_town": "Paro", "trips_per_day": "2"}


def _post(browser: Browser, path: str, page: str, form: dict[str, str]) -> str:
    reply = browser.post(path, {**form, "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken")})
    if reply.status != 302:
        raise AssertionError(f"{path} gave {reply.status}")
    return reply.location


def fill_in(browser: Browser) -> str:
    """A Bus route permit filled in up to check your answers; the check page's path."""
    start = browser.get(APPLY).body
    operator = {**OPERATOR, "mobile": "17111222", "start_key": hidden(start, "start_key")}
    vehicle = _post(browser, APPLY, start, operator)
    route = _post(browser, vehicle, browser.get(vehicle).body, VEHICLE)
    return _post(browser, route, browser.get(route).body, {**ROUTE, "stops-entries": "0"})


def pay(browser: Browser, check: str) -> float:
    """Declare, pay and approve at the gateway, come back; seconds from Pay to submitted."""
    page = browser.get(check).body
    pay_page = _post(
        browser,
        check,
        page,
        {"declaration": "yes", "submission_key": hidden(page, "submission_key")},
    )
    form = browser.get(pay_page).body
    started = time.perf_counter()
    gateway_page = _post(browser, pay_page, form, {})
    back = urllib.parse.urlsplit(approve(gateway_page))
    landing = browser.get(f"{back.path}?{back.query}")
    paid = browser.get(landing.location)
    seconds = time.perf_counter() - started
    if "Application submitted" not in paid.body:
        raise AssertionError("The payment did not submit the application")
    return seconds


def approve(page_url: str) -> str:
    """The payer approves on the gateway's page; where the gateway sends them back."""
    parts = urllib.parse.urlsplit(page_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", parts.path, body="decision=approve", headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return str(response.getheader("Location"))


def at_once(base: str, sessions: list[str], seconds: float) -> tuple[int, float, list[float]]:
    """(payments completed, seconds taken, each payment's seconds), one thread per applicant."""
    deadline = time.perf_counter() + seconds

    def applicant(session: str) -> list[float]:
        browser = Browser(base, {"sessionid": session})
        durations = []
        while time.perf_counter() < deadline:
            durations.append(pay(browser, fill_in(browser)))
        browser.close()
        return durations

    started = time.perf_counter()
    with ThreadPoolExecutor(len(sessions)) as pool:
        results = [f.result() for f in [pool.submit(applicant, s) for s in sessions]]
    durations = [d for result in results for d in result]
    return len(durations), time.perf_counter() - started, durations


@contextlib.contextmanager
def sandbox(secret: str) -> Iterator[str]:
    """The sandbox gateway as its own process; its address."""
    port = free_port()
    env = {"DZONG_PAYMENT_MERCHANT_ID": "dzong-bench", "DZONG_PAYMENT_HMAC_SECRET": secret}
    command = [sys.executable, "-m", "dzong.payments.sandbox_server", f"--port={port}"]
    process = subprocess.Popen(  # noqa: S603  (our own module)
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/health", timeout=2).read()  # noqa: S310
                break
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def callback_seconds(gateway: str) -> list[float]:
    with urllib.request.urlopen(gateway + "/_stats", timeout=5) as reply:  # noqa: S310
        return [float(s) for s in json.loads(reply.read())["seconds"]]


def report(label: str, database_url: str | None = None) -> None:
    """Print the payment figures on one database."""
    secret = secrets.token_hex(16)
    port = free_port()
    with sandbox(secret) as gateway:
        extra = {
            "DZONG_PAYMENT_GATEWAY_URL": gateway,
            "DZONG_PAYMENT_MERCHANT_ID": "dzong-bench",
            "DZONG_PAYMENT_HMAC_SECRET": secret,
            "DZONG_SITE_URL": f"http://127.0.0.1:{port}",
        }
        with served(database_url, port=port, extra=extra) as (base, env):
            sessions = inside(env, "sessions", str(APPLICANTS), "payer")
            at_once(base, sessions, 0.1)  # every worker warmed once
            warm = len(callback_seconds(gateway))
            completed, seconds, durations = at_once(base, sessions, DURATION)
            callbacks = callback_seconds(gateway)[warm:]
    print(
        f"\n{label}, paying online: {APPLICANTS} applicants filling in a Bus route permit and "
        f"paying at the sandbox gateway for {DURATION:.0f} s"
    )
    print(f"  {completed} payments, {completed / seconds:.1f} payments completed/s")
    print(f"  Pay to submitted, payer's view: {_ms(durations)}")
    print(f"  Callback to application submitted (Dzong's answer to the gateway): {_ms(callbacks)}")


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "no samples"
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, 95th {p95 * 1000:.1f} ms"

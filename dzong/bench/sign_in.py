"""How long each way of signing in adds to the "Register a business" journey, against email
and password: the requests an applicant's browser (and their wallet, and the SMS gateway) make
from "Start now" to the first question, timed over HTTP with the sandboxes Dzong ships.

What a person spends reading, typing a code or scanning a QR code is not in these figures;
the number of pages they pass through is printed beside each.
"""

from __future__ import annotations

import html
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dzong.bench.http import Browser
from dzong.bench.server import BIN, free_port, served

RUNS = 7
APPLY = "/services/register-business/apply/"
PASSWORD = "a long enough passphrase 42"  # noqa: S105  # the bench's own account
CITIZEN = "11512000123"
NUMBERS = (f"1799{n:04d}" for n in range(10_000))  # one per sign-in: codes are rate-limited


@contextmanager
def _process(command: list[str]) -> Iterator[str]:
    """A sandbox server on a free port: the address it prints it listens on."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        yield "http://" + line.split("http://", 1)[1].strip().rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def _visit(browser: Browser, path: str, *, limit: int = 10) -> tuple[str, str, int]:
    """Follow redirects on this site: the last page's path, body and how many pages."""
    pages = 0
    while True:
        reply = browser.get(path)
        pages += 1
        if reply.status not in {301, 302, 303} or pages >= limit:
            return path, reply.body, pages
        location = urllib.parse.urlsplit(reply.location)
        if location.netloc and location.netloc != urllib.parse.urlsplit(browser.base).netloc:
            return reply.location, "", pages
        path = reply.location if not location.netloc else location.path + "?" + location.query


def _form(body: str) -> dict[str, str]:
    """The hidden fields of the page's forms (the CSRF token, a provider's parameters)."""
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)
    return {name: html.unescape(value) for name, value in found}


def _arrived(body: str) -> bool:
    return 'id="f-full_name"' in body or 'name="full_name"' in body


def by_password(base: str, email: str) -> int:
    browser = Browser(base)
    path, body, pages = _visit(browser, APPLY)
    reply = browser.post(path, {**_form(body), "email": email, "password": PASSWORD})
    _path, body, more = _visit(browser, reply.location)
    assert _arrived(body), "password sign-in did not reach the form"
    return pages + 1 + more


def by_national_identity(base: str, sandbox: str) -> int:
    browser = Browser(base)
    outside, _body, pages = _visit(browser, "/account/national-identity/?next=" + APPLY)
    provider = Browser(sandbox)
    location, body, more = _visit(provider, outside.replace(sandbox, ""))
    page = urllib.parse.urlsplit(location).path + "?" + urllib.parse.urlsplit(location).query
    reply = provider.post(page, {**_form(body), "citizen": CITIZEN})
    location, body, steps = _visit(provider, reply.location)
    reply = provider.post(location, {**_form(body), "allow": "Allow"})
    back = urllib.parse.urlsplit(reply.location)
    _path, body, last = _visit(browser, back.path + "?" + back.query)
    assert _arrived(body), "the national identity's sign-in did not reach the form"
    return pages + more + 1 + steps + 1 + last


def by_wallet(base: str, sandbox: str) -> int:
    browser = Browser(base)
    _path, body, pages = _visit(browser, "/account/wallet/?next=" + APPLY)
    link = html.unescape(re.search(r'id="open-wallet" href="([^"]+)"', body).group(1))  # type: ignore[union-attr]
    asked = json.dumps({"link": link, "citizen": CITIZEN}).encode()
    request = urllib.request.Request(sandbox + "/_wallet/presentation", data=asked)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310  (loopback)
        form = json.loads(answer.read())
    wallet = Browser(base)
    reply = wallet.post("/account/wallet/answer/", form)
    back = urllib.parse.urlsplit(json.loads(reply.body)["redirect_uri"])
    _path, body, last = _visit(browser, back.path + "?" + back.query)
    assert _arrived(body), "the wallet's sign-in did not reach the form"
    return pages + 1 + last


def _code(sms: str, number: str, nth: int) -> str:
    """The code in the `nth` message the SMS gateway received for the number, once it has
    (the first waits for the worker to start)."""
    to = "+975" + number
    for _ in range(1500):
        with urllib.request.urlopen(sms + "/", timeout=10) as page:  # noqa: S310  (loopback)
            text = html.unescape(page.read().decode())
        items = [i for i in re.findall(r"<li>(.*?)</li>", text, flags=re.S) if to in i]
        found = re.search(r"</p><p>.*?\b(\d{6})\b", items[0], flags=re.S) if items else None
        if found and len(items) >= nth:  # newest first
            return found.group(1)
        time.sleep(0.02)
    raise RuntimeError("No code reached the SMS gateway.")


def _by_code(base: str, sms: str, number: str, nth: int) -> tuple[Browser, str, str, int]:
    """The number given, the `nth` code it received typed in: the browser, the page it
    reached (path and body), and how many requests it took."""
    browser = Browser(base)
    path, body, pages = _visit(browser, "/account/sms-code/?next=" + APPLY)
    reply = browser.post(path, {**_form(body), "mobile_number": number})
    path, body, more = _visit(browser, reply.location)
    reply = browser.post(path, {**_form(body), "code": _code(sms, number, nth)})
    path, body, last = _visit(browser, reply.location)
    return browser, path, body, pages + 1 + more + 1 + last


def by_sms_code(base: str, sms: str, number: str) -> int:
    """Signing in with the number of an account made earlier by `by_sms_code_first`."""
    _browser, _path, body, requests = _by_code(base, sms, number, 2)
    assert _arrived(body), "the SMS code's sign-in did not reach the form"
    return requests


def _timed(way: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    pages = way()
    return time.perf_counter() - started, pages


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    identity = [
        sys.executable,
        "-m",
        "dzong.identity_sandbox",
        "--port",
        "0",
        "--redirect-uri",
        f"{base}/account/national-identity/return/",
    ]
    sms_sandbox = [sys.executable, "-m", "dzong.notifications.sms_sandbox", "--port", "0"]
    with _process(identity) as sandbox, _process(sms_sandbox) as sms:
        extra = {
            "DZONG_SITE_URL": base,
            "DZONG_SIGN_IN_METHODS": "password,national-identity,wallet,sms-code",
            "DZONG_OIDC_PROVIDER_URL": sandbox + "/o",
            "DZONG_OIDC_CLIENT_SECRET": "identity-sandbox-development-secret",
            "DZONG_WALLET_TRUSTED_ISSUERS": sandbox,
            "DZONG_SMS_GATEWAY": "http",
            "DZONG_SMS_URL": sms + "/messages",
            "DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS": "10000",
        }
        with served(port=port, extra=extra) as (_base, env):
            worker = subprocess.Popen(  # noqa: S603  (the codes go out through the worker)
                [str(BIN / "dzong"), "db_worker", "--interval", "0.05"], env=env
            )
            try:
                _report(base, sandbox, sms)
            finally:
                worker.terminate()
                worker.wait(timeout=30)


def _report(base: str, sandbox: str, sms: str) -> None:
    email = "bench-sign-in@example.bt"
    sign_up = Browser(base)
    path, body, _pages = _visit(sign_up, "/account/sign-up/")
    sign_up.post(
        path,
        {
            **_form(body),
            "full_name": "Bench Applicant",
            "email": email,
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    numbers = [next(NUMBERS) for _ in range(RUNS + 1)]
    for number in numbers:
        by_sms_code_first(base, sms, number)
    signing_in = iter(numbers)
    ways: dict[str, Callable[[], int]] = {
        "email and password": lambda: by_password(base, email),
        "national identity (OpenID Connect)": lambda: by_national_identity(base, sandbox),
        "wallet on the same phone (OpenID4VP)": lambda: by_wallet(base, sandbox),
        "code by SMS": lambda: by_sms_code(base, sms, next(signing_in)),
    }
    results = {}
    for name, way in ways.items():
        way()  # warm: first requests of a process are slower
        runs = [_timed(way) for _ in range(RUNS)]
        results[name] = (statistics.median(s for s, _p in runs), runs[0][1])
    baseline = results["email and password"][0]
    print(f"Signing in on the way to Register a business ({RUNS} runs each, median):")
    for name, (seconds, pages) in results.items():
        added = "" if name == "email and password" else f", {seconds - baseline:+.3f} s"
        print(f"  {name}: {seconds:.3f} s, {pages} requests{added}")


def by_sms_code_first(base: str, sms: str, number: str) -> None:
    """The number's first sign-in makes its account (a name and a language asked once)."""
    browser, path, body, _requests = _by_code(base, sms, number, 1)
    browser.post(path, {**_form(body), "full_name": "Pema Choden", "language": "en"})

"""The whole "Register a business" journey over HTTP, one applicant alone and twenty at once."""

from __future__ import annotations

import json
import secrets
import statistics
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dzong.bench.http import Browser, hidden

APPLICANTS = 20
DURATION = 20.0
# 15, and the audit log's three: its head locked, the entries written, the head moved on.
QUERY_TARGET = 18
APPLY = "/services/register-business/apply/"
ABOUT_YOU = {
    "full_name": "Karma Wangmo",
    "cid": "11512345678",
    "date_of_birth-day": "14",
    "date_of_birth-month": "3",
    "date_of_birth-year": "1990",
    "mobile": "17123456",
}
Times = dict[str, list[float]]
KINDS = [
    "GET first page",
    "POST page 1",
    "GET page 2",
    "POST page 2",
    "GET check answers",
    "POST submit (to approval)",
    "GET confirmation",
]


def business(name: str) -> dict[str, str]:
    """The answers of the second page; the name must differ from every licensed business."""
    return {
        "business_name": name,
        "activity": "handicraft",
        "dzongkhag": "thimphu",
        "employees": "3",
        "rents_premises": "no",
    }


def inside(env: dict[str, str], *args: str) -> Any:
    """Run `dzong.bench.inside` in the installation's environment; what it printed."""
    done = subprocess.run(  # noqa: S603  (our own module)
        [sys.executable, "-m", "dzong.bench.inside", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_application(browser: Browser, times: Times) -> None:
    """Apply from the first page to the confirmation, as a browser would; fails unless approved."""
    start = browser.get(APPLY)
    form = {**ABOUT_YOU, "csrfmiddlewaretoken": hidden(start.body, "csrfmiddlewaretoken")}
    form["start_key"] = hidden(start.body, "start_key")
    first = browser.post(APPLY, form)
    page_two = browser.get(first.location)
    token = hidden(page_two.body, "csrfmiddlewaretoken")
    name = f"Bench Crafts {secrets.token_hex(6)}"
    second = browser.post(first.location, {**business(name), "csrfmiddlewaretoken": token})
    check = browser.get(second.location)
    submitted = browser.post(second.location, _declaration(check.body))
    confirmation = browser.get(submitted.location)
    if submitted.status != 302 or "Application approved" not in confirmation.body:
        raise AssertionError(f"The journey broke: submit gave {submitted.status}")
    replies = [start, first, page_two, second, check, submitted, confirmation]
    for kind, reply in zip(KINDS, replies, strict=True):
        times[kind].append(reply.seconds)


def _declaration(check_page: str) -> dict[str, str]:
    return {
        "declaration": "yes",
        "submission_key": hidden(check_page, "submission_key"),
        "csrfmiddlewaretoken": hidden(check_page, "csrfmiddlewaretoken"),
    }


def alone(base: str, session: str, count: int) -> Times:
    """Round trips of one applicant applying `count` times, the server otherwise idle."""
    times: Times = defaultdict(list)
    browser = Browser(base, {"sessionid": session})
    for _ in range(count):
        one_application(browser, times)
    browser.close()
    return times


def warm(base: str, sessions: list[str]) -> None:
    """Each applicant applies once, at once, so every worker has loaded what it needs."""
    with ThreadPoolExecutor(len(sessions)) as pool:
        list(pool.map(lambda session: alone(base, session, 1), sessions))


def at_once(base: str, sessions: list[str], seconds: float) -> tuple[int, float, Times]:
    """(applications completed, seconds taken, round trips) with one thread per applicant."""
    deadline = time.perf_counter() + seconds

    def applicant(session: str) -> Times:
        times: Times = defaultdict(list)
        browser = Browser(base, {"sessionid": session})
        while time.perf_counter() < deadline:
            one_application(browser, times)
        browser.close()
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(len(sessions)) as pool:
        results = [f.result() for f in [pool.submit(applicant, s) for s in sessions]]
    times: Times = defaultdict(list)
    for result in results:
        for kind, values in result.items():
            times[kind].extend(values)
    return len(times[KINDS[-1]]), time.perf_counter() - started, times


def report(label: str, base: str, env: dict[str, str]) -> None:
    """Print the journey's figures on one database."""
    sessions = inside(env, "sessions", str(APPLICANTS), "bench")
    warm(base, sessions)
    quiet = alone(base, sessions[0], 20)
    completed, seconds, busy = at_once(base, sessions, DURATION)
    print(f"\n{label}: round trip on loopback, ms (20 applications alone; {APPLICANTS} at once)")
    _round_trips(quiet, busy)
    submit = quiet[KINDS[5]]
    print(
        f"  Submit to approval: {statistics.median(submit) * 1000:.1f} ms (median, alone);"
        " approved at once, as every confirmation page said"
    )
    print(
        f"  {APPLICANTS} applicants at once for {DURATION:.0f} s: {completed} applications, "
        f"{completed / seconds:.1f} complete applications/s"
    )
    _queries(inside(env, "queries"))


def _round_trips(quiet: Times, busy: Times) -> None:
    """Per kind of request: median and 95th percentile alone, then with everyone at once."""
    heading = f"{'alone: median':>13} {'95th':>6}  {'at once: median':>15} {'95th':>6}"
    print(f"  {'request':<27} {heading}")
    for kind in KINDS:
        print(f"  {kind:<27} {_ms(quiet[kind], 13)}  {_ms(busy[kind], 15)}")


def _ms(values: list[float], width: int) -> str:
    """Median and 95th percentile (nearest rank), in milliseconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered) * 1000:{width}.1f} {p95 * 1000:6.1f}"


def _queries(found: dict[str, Any]) -> None:
    verdict = "within" if found["count"] <= QUERY_TARGET else "OVER"
    print(
        f"  SQL queries in one Submit request: {found['count']} "
        f"({verdict} the target of {QUERY_TARGET}; session and user included)"
    )
    # Non-breaking spaces while wrapping keep each statement and its count on one line.
    kinds = ", ".join(f"{kind} x{count}".replace(" ", "\u00a0") for kind, count in found["kinds"])
    for line in textwrap.wrap(kinds, width=94):
        print("    " + line.replace("\u00a0", " "))

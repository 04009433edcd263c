"""The whole "Register a business" journey over HTTP, one applicant and twenty at once."""

from __future__ import annotations

import secrets
import statistics
import subprocess
import threading
import time
from collections import defaultdict

from dzong.bench.http import Browser, hidden
from dzong.bench.server import BIN

APPLICANTS = 20
DURATION = 15.0
ABOUT_YOU = {
    "full_name": "Karma Wangmo",
    "cid": "11512345678",
    "date_of_birth-day": "14",
    "date_of_birth-month": "3",
    "date_of_birth-year": "1990",
    "mobile": "17123456",
}
SESSIONS = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from dzong.accounts.models import User
for n in range({count}):
    user = User.objects.create_user(f"bench-{{n}}@bench.dzong.test", None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(session.session_key)
"""
QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from dzong.accounts.models import User
from dzong.applications.models import Application
user = User.objects.create_user("queries@bench.dzong.test", None)
client = Client()
client.force_login(user)
page2 = client.post("/services/register-business/apply/", {about})["Location"]
check = client.post(page2, {business})["Location"]
key = client.get(check).content.decode().split('name="submission_key" value="')[1].split('"')[0]
with CaptureQueriesContext(connection) as queries:
    client.post(check, {{"declaration": "yes", "submission_key": key}})
assert Application.objects.get(applicant=user).status == "approved"
print(len(queries))
"""


def business(name: str) -> dict[str, str]:
    return {
        "business_name": name,
        "activity": "handicraft",
        "dzongkhag": "thimphu",
        "employees": "3",
        "rents_premises": "no",
    }


def shell(env: dict[str, str], code: str) -> list[str]:
    """Run Python in the installation's Django shell; its printed lines."""
    done = subprocess.run(  # noqa: S603  (our own command)
        [str(BIN / "dzong"), "shell", "--no-imports", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split()


def one_application(browser: Browser, times: dict[str, list[float]]) -> bool:
    """Apply from the first page to the confirmation; True when approved at once."""
    start = browser.get("/services/register-business/apply/")
    form = {**ABOUT_YOU, "csrfmiddlewaretoken": hidden(start.body, "csrfmiddlewaretoken")}
    form["start_key"] = hidden(start.body, "start_key")
    first = browser.post("/services/register-business/apply/", form)
    second_page = browser.get(first.location)
    name = f"Bench Crafts {secrets.token_hex(6)}"
    token = hidden(second_page.body, "csrfmiddlewaretoken")
    second = browser.post(first.location, {**business(name), "csrfmiddlewaretoken": token})
    check = browser.get(second.location)
    submit_form = {
        "declaration": "yes",
        "submission_key": hidden(check.body, "submission_key"),
        "csrfmiddlewaretoken": hidden(check.body, "csrfmiddlewaretoken"),
    }
    submitted = browser.post(second.location, submit_form)
    confirmation = browser.get(submitted.location)
    replies = {
        "GET first page": start,
        "POST a page": first,
        "GET a page": second_page,
        "GET check answers": check,
        "POST submit (to approval)": submitted,
        "GET confirmation": confirmation,
    }
    for kind, reply in replies.items():
        times[kind].append(reply.seconds)
    times["POST a page"].append(second.seconds)
    assert submitted.status == 302, submitted.status
    return "BL-" in confirmation.body


def sustained(base: str, sessions: list[str]) -> tuple[int, float, dict[str, list[float]]]:
    """(applications completed, seconds, round trips per kind) with one thread per applicant."""
    times: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    completed = [0]
    deadline = time.perf_counter() + DURATION

    def applicant(session: str) -> None:
        browser = Browser(base, {"sessionid": session})
        mine: dict[str, list[float]] = defaultdict(list)
        while time.perf_counter() < deadline:
            assert one_application(browser, mine), "a business was not approved at once"
            with lock:
                completed[0] += 1
        browser.close()
        with lock:
            for kind, values in mine.items():
                times[kind].extend(values)

    started = time.perf_counter()
    threads = [threading.Thread(target=applicant, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return completed[0], time.perf_counter() - started, times


def report(label: str, base: str, env: dict[str, str]) -> None:
    """Print the journey's figures on one database."""
    sessions = shell(env, SESSIONS.format(count=APPLICANTS + 1))
    alone: dict[str, list[float]] = defaultdict(list)
    browser = Browser(base, {"sessionid": sessions[0]})
    for _ in range(20):
        one_application(browser, alone)
    browser.close()
    print(f"\n{label}: one applicant alone (20 applications), round trip on loopback")
    _times(alone)
    completed, seconds, busy = sustained(base, sessions[1:])
    print(
        f"{label}: {APPLICANTS} applicants at once for {seconds:.0f} s: "
        f"{completed} applications, {completed / seconds:.1f} complete applications/s"
    )
    _times(busy)
    env = {**env, "DZONG_ALLOWED_HOSTS": "testserver"}
    count = shell(env, QUERIES.format(about=ABOUT_YOU, business=business("Query Count Crafts")))
    print(f"{label}: SQL queries in the Submit request (session, sign-in and all): {count[-1]}")


def _times(times: dict[str, list[float]]) -> None:
    for kind, values in times.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"  {kind:<28} median {statistics.median(ordered) * 1000:6.1f} ms"
            f"   95th percentile {p95 * 1000:6.1f} ms   ({len(ordered)} requests)"
        )

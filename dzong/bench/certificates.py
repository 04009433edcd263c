"""Certificates: render and sign time per certificate, and Submit to all certificates ready.

`python -m dzong.bench.certificates render COUNT` runs inside the installation under test
(its settings and database) and prints one line of JSON with the timings of COUNT
certificates rendered and signed.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from typing import Any

from dzong.bench.http import Browser, hidden
from dzong.bench.journey import ABOUT_YOU, APPLY, business, inside
from dzong.bench.server import BIN

RENDERS = 30
SUBMITS = 6
POLL = 0.05
WORKER_INTERVAL = "0.2"  # as `make demo` runs the worker
WORKER_BOOT = 8.0  # seconds for the worker to start before the first Submit
READY_TARGET = 2.0
LINK = re.compile(r'href="(/applications/[^"]+/certificates/\d+/)"')


def render_times(count: int) -> dict[str, list[float]]:
    """Seconds to render and to sign each of `count` certificates (Register a business)."""
    from django.test import Client

    from dzong.accounts.models import User
    from dzong.applications.models import Application
    from dzong.bench.inside import _fill_business
    from dzong.certificates.keys import key_pair, signing_key_for
    from dzong.certificates.rendering import render_pdf
    from dzong.certificates.services import _content, _definition_of, verification_url

    applicant = User.objects.create_user("render@bench.dzong.test", None)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(applicant)
    check = _fill_business(client, "Render Timing Crafts")
    client.post(
        check,
        {"declaration": "yes", "submission_key": hidden(client.get(check).text, "submission_key")},
    )
    application = Application.objects.get(applicant=applicant)
    registrations = list(application.registrations.all())
    times: dict[str, list[float]] = {"render": [], "sign": []}
    for number in range(count):
        registration = registrations[number % len(registrations)]
        definition = _definition_of(registration)
        assert definition is not None
        key = signing_key_for(registration.agency, registration.agency)
        started = time.perf_counter()
        content = _content(registration, definition)
        pdf = render_pdf(content, code="BNCH-0000-0000", url=verification_url("BNCH-0000-0000"))
        rendered = time.perf_counter()
        _sign(pdf, key_pair(key))
        times["render"].append(rendered - started)
        times["sign"].append(time.perf_counter() - rendered)
    return times


def _sign(pdf: bytes, pair: Any) -> bytes:
    from dzong.certificates.signing import sign_pdf

    return sign_pdf(pdf, pair=pair, reason="bench", location="bench")


def submit_to_ready(base: str, session: str) -> tuple[float, int]:
    """Seconds from the Submit request to every certificate downloadable, and how many."""
    browser = Browser(base, {"sessionid": session})
    start = browser.get(APPLY)
    form = {**ABOUT_YOU, "csrfmiddlewaretoken": hidden(start.body, "csrfmiddlewaretoken")}
    form["start_key"] = hidden(start.body, "start_key")
    first = browser.post(APPLY, form)
    token = hidden(browser.get(first.location).body, "csrfmiddlewaretoken")
    name = f"Certificate Crafts {time.time_ns()}"
    second = browser.post(first.location, {**business(name), "csrfmiddlewaretoken": token})
    check = browser.get(second.location).body
    started = time.perf_counter()
    submitted = browser.post(
        second.location,
        {
            "declaration": "yes",
            "submission_key": hidden(check, "submission_key"),
            "csrfmiddlewaretoken": hidden(check, "csrfmiddlewaretoken"),
        },
    )
    page = submitted.location.replace("submitted/", "")
    while True:
        links = LINK.findall(browser.get(page).body)
        if len(links) == 3:
            break
        if time.perf_counter() - started > 30:
            raise AssertionError("The certificates were not ready within 30 s.")
        time.sleep(POLL)
    elapsed = time.perf_counter() - started
    assert browser.get(links[0]).body.startswith("%PDF-"), "not a PDF"
    browser.close()
    return elapsed, len(links)


def report(base: str, env: dict[str, str]) -> None:
    """Print the certificates' figures for the server at `base` (SQLite)."""
    times = inside_render(env)
    print("\nCertificates (Register a business: licence, taxpayer, employer; one PDF each)")
    print(f"  render (WeasyPrint), ms: {_ms(times['render'])}  ({RENDERS} certificates)")
    print(f"  sign (PAdES, pyHanko), ms: {_ms(times['sign'])}")
    total = [r + s for r, s in zip(times["render"], times["sign"], strict=True)]
    print(f"  render + sign, ms:       {_ms(total)}")
    sessions = inside(env, "sessions", "1", "certificates")
    quiet = {**env, "DZONG_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    worker = subprocess.Popen(  # noqa: S603  (our own command)
        [str(BIN / "dzong"), "db_worker", "--interval", WORKER_INTERVAL],
        env=quiet,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(WORKER_BOOT)
        ready = [submit_to_ready(base, sessions[0])[0] for _ in range(SUBMITS)]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    warm = ready[1:]
    verdict = "within" if max(warm) <= READY_TARGET else "OVER"
    print(
        f"  Submit to all 3 certificates downloadable, one db_worker (--interval "
        f"{WORKER_INTERVAL}): first {ready[0]:.2f} s (first PDF of the worker), then median "
        f"{statistics.median(warm):.2f} s, worst {max(warm):.2f} s "
        f"({verdict} the {READY_TARGET:.0f} s target)"
    )


def inside_render(env: dict[str, str]) -> dict[str, list[float]]:
    """Run the render timings in the installation's environment."""
    done = subprocess.run(  # noqa: S603  (our own module)
        [sys.executable, "-m", "dzong.bench.certificates", "render", str(RENDERS)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"The render timings failed:\n{done.stderr[-3000:]}")
    result: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _ms(values: list[float]) -> str:
    """Median and 95th percentile (nearest rank), in milliseconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.0f}, 95th {p95 * 1000:.0f}"


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1:2] == ["render"]:
        print(json.dumps(render_times(int(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown: {sys.argv[1:]}")

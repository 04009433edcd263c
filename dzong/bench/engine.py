"""How fast the engine alone runs a submission of "Register a business" (one core)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from dzong.engine import load_service
from dzong.engine.fees import compute_fees
from dzong.engine.form import Form
from dzong.engine.registrations import applicable_registrations
from dzong.engine.workflow import run_automatic

DEMO = Path(__file__).resolve().parents[2] / "demo" / "services"
BUSINESS_PAGES: dict[str, dict[str, object]] = {
    "about-you": {
        "full_name": "Karma Wangchuk",
        "cid": "11501234567",
        "date_of_birth": {"day": "1", "month": "2", "year": "1990"},
        "mobile": "17123456",
    },
    "your-business": {
        "business_name": "Druk Café",
        "activity": "restaurant",
        "dzongkhag": "paro",
        "employees": "3",
        "rents_premises": "no",
    },
}


def submission(form: Form) -> None:
    """Validate every page, then work out fees, registrations and automatic steps."""
    answers: dict[str, object] = {}
    for page, typed in BUSINESS_PAGES.items():
        answers = form.validate_page(page, typed, answers).answers
    assert not form.validate_all(answers)
    compute_fees(form.service, answers)
    applicable_registrations(form, answers)
    run_automatic(form, form.service.workflow_start, answers)


def main() -> None:
    """Print the engine's throughput for 'Register a business'."""
    started = time.perf_counter()
    service = load_service((DEMO / "register-business.yaml").read_text("utf-8"))
    print(f"load and check a definition: {(time.perf_counter() - started) * 1000:.1f} ms")
    form = Form(service, today=dt.date.today())
    count, started = 2000, time.perf_counter()
    for _ in range(count):
        submission(form)
    elapsed = time.perf_counter() - started
    print(
        f"engine, Register a business: {count / elapsed:,.0f} submissions/s "
        f"({elapsed / count * 1e6:.0f} µs each, one core)"
    )

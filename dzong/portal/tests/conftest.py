"""The real browser for the portal's tests: one Chromium for the whole run."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

from conftest import REPO

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop is not Django's
CHROMIUM = os.environ.get("DZONG_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "dzong" / "test-assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


_RUNNING: list = []  # other apps' conftests import this fixture: they all share one Chromium


@pytest.fixture(scope="session")
def browser():
    if _RUNNING:
        yield _RUNNING[0]
        return
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
        _RUNNING.append(chromium)
        yield chromium
        _RUNNING.clear()
        chromium.close()


@pytest.fixture
def site(live_server, transactional_db):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=False)
    page = context.new_page()
    yield page
    context.close()

"""The portal's browser tests: the demo served, a phone-sized page (the browser: dzong/conftest.py)."""

import io

import pytest
from django.core.management import call_command

from conftest import REPO

AXE = REPO / "dzong" / "test-assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def site(live_server, transactional_db, sandbox_gateway, settings):
    settings.DZONG_SITE_URL = live_server.url  # where the gateway sends payers and callbacks
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=False)
    page = context.new_page()
    yield page
    context.close()

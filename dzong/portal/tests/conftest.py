"""The browser tests' constants; their fixtures (one Chromium for the whole run) are in
dzong/conftest.py, shared by every app's browser tests."""

import os

from conftest import REPO

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop is not Django's
CHROMIUM = os.environ.get("DZONG_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "dzong" / "test-assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

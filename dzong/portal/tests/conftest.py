"""The browser tests' constants; their fixtures (one Chromium for the whole run) are in
dzong/conftest.py, shared by every app's browser tests."""

from conftest import REPO

AXE = REPO / "dzong" / "test-assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

"""The designer's browser tests use the portal's Chromium and live server."""

from dzong.portal.tests.conftest import browser, site  # noqa: F401

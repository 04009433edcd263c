"""The portal's browser and demo site, with the sandbox gateway beside it."""

from dzong.portal.tests.conftest import browser, site

__all__ = ["browser", "site"]

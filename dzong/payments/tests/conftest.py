"""The portal's demo site, with the sandbox gateway beside it, for the payment pages."""

from dzong.portal.tests.conftest import site

__all__ = ["site"]

"""The certificates' fixtures and the portal's browser, for the pages that verify them."""

from dzong.certificates.tests.conftest import immediate_tasks, issued  # noqa: F401
from dzong.portal.tests.conftest import browser  # noqa: F401

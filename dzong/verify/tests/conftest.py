"""The certificates' fixtures, for the pages that verify them."""

from dzong.certificates.tests.conftest import immediate_tasks, issued  # noqa: F401

"""Payment providers, a small registry: `provider("sandbox")` gives one."""

from __future__ import annotations

from dzong.payments.providers import centre, counter, sandbox
from dzong.payments.providers.base import PROVIDERS, PaymentProvider

__all__ = ["centre", "counter", "provider", "sandbox"]


def provider(code: str) -> PaymentProvider:
    """The provider registered under `code`; KeyError if there is none."""
    return PROVIDERS[code]()

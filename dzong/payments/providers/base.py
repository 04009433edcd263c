"""What every payment provider offers: start, the payer's return, callbacks, status, refund."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from dzong.registry import Registry


class ProviderError(Exception):
    """The provider could not be reached, or refused the request."""


class CallbackRefused(Exception):
    """A callback that cannot be trusted (bad signature, unreadable); `reason` says why."""

    def __init__(self, reason: str, *, reference: str = "") -> None:
        super().__init__(reason)
        self.reason, self.reference = reason, reference


@dataclass(frozen=True)
class PaymentRequest:
    """What Dzong asks a provider to collect."""

    reference: str
    amount: int
    currency: str
    description: str
    return_url: str
    callback_url: str


@dataclass(frozen=True)
class Checkout:
    """Where the payer goes to pay, and the provider's id for the payment."""

    provider_payment_id: str
    redirect_url: str


@dataclass(frozen=True)
class GatewayNotice:
    """What the provider says about a payment (from a callback or a status query).

    `status` is one of paid, failed, pending, refunded; `refunded` is how much of it the
    provider has given back so far.
    """

    provider_payment_id: str
    reference: str
    amount: int
    currency: str
    status: str
    refunded: int = 0


class PaymentProvider:
    """A way to pay; each provider is its own module, registered by code."""

    code: ClassVar[str] = ""
    online: ClassVar[bool] = True

    def start_payment(self, request: PaymentRequest) -> Checkout:
        """Open the payment with the provider; where to send the payer."""
        raise NotImplementedError

    def read_return(self, params: Mapping[str, str]) -> str:
        """What the payer's return says (a hint only; never marks a payment paid)."""
        return ""

    def read_callback(self, body: bytes, headers: Mapping[str, str]) -> GatewayNotice:
        """A verified notice from a server-to-server callback; CallbackRefused if not."""
        raise CallbackRefused("This provider sends no callbacks.")

    def query_status(self, provider_payment_id: str) -> GatewayNotice:
        """Ask the provider what became of a payment."""
        raise NotImplementedError

    def refund(self, provider_payment_id: str, amount: int) -> GatewayNotice | None:
        """Give the money back through the provider; what it says of the payment after (None
        when there is no one to ask); ProviderError if it refuses or does not answer."""
        raise NotImplementedError

    def settlement(self, day: dt.date, time_zone: str) -> list[GatewayNotice]:
        """The provider's settlement report: each payment it took on that local day."""
        raise ProviderError("This provider has no settlement report.")


PROVIDERS: Registry[PaymentProvider] = Registry("payment provider")
register = PROVIDERS.register

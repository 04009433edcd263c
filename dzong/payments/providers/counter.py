"""Cash taken at a counter: staff record it with the receipt number they hand out."""

from __future__ import annotations

from dzong.payments.providers.base import (
    Checkout,
    GatewayNotice,
    PaymentProvider,
    PaymentRequest,
    ProviderError,
    register,
)


@register("counter")
class CounterProvider(PaymentProvider):
    """Nothing to call: the money is in the cashier's drawer, and a refund is paid in cash."""

    online = False

    def start_payment(self, request: PaymentRequest) -> Checkout:
        raise ProviderError("Counter payments are recorded by staff, not started online.")

    def query_status(self, provider_payment_id: str) -> GatewayNotice:
        raise ProviderError("A counter payment has no one to ask.")

    def refund(self, provider_payment_id: str, amount: int) -> GatewayNotice | None:
        """Cash is handed back at the counter; recording it is enough."""
        return None

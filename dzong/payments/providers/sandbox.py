"""The sandbox gateway shipped with Dzong (dzong.payments.sandbox_server), over HTTP.

A real gateway is added the same way: one module against `PaymentProvider`.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from dzong.engine.limits import TooCostly, read_json
from dzong.payments.providers.base import (
    CallbackRefused,
    Checkout,
    GatewayNotice,
    PaymentProvider,
    PaymentRequest,
    ProviderError,
    register,
)
from dzong.payments.signing import SIGNATURE_HEADER, is_signed, sign

CALLBACK_MAX_BYTES = 64 * 1024  # a notice is a few hundred bytes
STATUSES = {"paid": "paid", "declined": "failed", "open": "pending", "refunded": "refunded"}


@register("sandbox")
class SandboxProvider(PaymentProvider):
    """Signed JSON to and from the sandbox gateway."""

    def __init__(self) -> None:
        self.url = settings.DZONG_PAYMENT_GATEWAY_URL.rstrip("/")
        self.merchant = settings.DZONG_PAYMENT_MERCHANT_ID
        self.secret = settings.DZONG_PAYMENT_HMAC_SECRET

    def start_payment(self, request: PaymentRequest) -> Checkout:
        answer = self._call(
            "/api/payments",
            {
                "merchant": self.merchant,
                "reference": request.reference,
                "amount": request.amount,
                "currency": request.currency,
                "description": request.description,
                "return_url": request.return_url,
                "callback_url": request.callback_url,
            },
        )
        return Checkout(str(answer["id"]), str(answer["payment_url"]))

    def read_return(self, params: Mapping[str, str]) -> str:
        return STATUSES.get(params.get("outcome", ""), "")

    def read_callback(self, body: bytes, headers: Mapping[str, str]) -> GatewayNotice:
        if not is_signed(self.secret, body, headers.get(SIGNATURE_HEADER)):
            raise CallbackRefused("bad signature", reference=_reference_in(body))
        try:
            return self._notice(read_json(body, max_bytes=CALLBACK_MAX_BYTES))
        except (ValueError, KeyError, TypeError, TooCostly) as error:
            raise CallbackRefused("unreadable", reference=_reference_in(body)) from error

    def query_status(self, provider_payment_id: str) -> GatewayNotice:
        return self._notice(self._call(f"/api/payments/{provider_payment_id}", None))

    def refund(self, provider_payment_id: str, amount: int) -> GatewayNotice:
        answer = self._call(f"/api/payments/{provider_payment_id}/refund", {"amount": amount})
        try:
            return self._notice(answer)
        except (ValueError, KeyError, TypeError) as error:
            raise ProviderError("The gateway's refund answer is unreadable.") from error

    def settlement(self, day: dt.date, time_zone: str) -> list[GatewayNotice]:
        path = f"/api/settlements/{urllib.parse.quote(self.merchant, safe='')}/{day.isoformat()}"
        report = self._call(f"{path}?{urllib.parse.urlencode({'tz': time_zone})}", None)
        try:
            return [self._notice(content) for content in report["payments"]]
        except (ValueError, KeyError, TypeError) as error:
            raise ProviderError("The gateway's settlement report is unreadable.") from error

    def _notice(self, content: Mapping[str, Any]) -> GatewayNotice:
        if content["merchant"] != self.merchant:
            raise ValueError("another merchant's payment")
        return GatewayNotice(
            provider_payment_id=str(content["payment_id"]),
            reference=str(content["reference"]),
            amount=int(content["amount"]),
            currency=str(content["currency"]),
            status=STATUSES[str(content["status"])],
            refunded=int(content.get("refunded", 0)),
        )

    def _call(self, path: str, content: Mapping[str, Any] | None) -> Any:
        """A signed request (the body, or the path for a GET); the signed answer, checked."""
        body = None if content is None else json.dumps(content).encode()
        request = urllib.request.Request(  # noqa: S310  # the configured gateway address
            self.url + path,
            data=body,
            method="GET" if body is None else "POST",
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sign(self.secret, body if body is not None else path.encode()),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                answer, signature = response.read(), response.headers.get(SIGNATURE_HEADER)
        except (urllib.error.URLError, OSError) as error:
            raise ProviderError(f"The gateway did not answer {path}: {error}") from error
        if not is_signed(self.secret, answer, signature):
            raise ProviderError("The gateway's answer is not signed.")
        return json.loads(answer)


def _reference_in(body: bytes) -> str:
    """The reference an untrusted callback claims, to file the refusal under its payment."""
    try:
        return str(read_json(body, max_bytes=CALLBACK_MAX_BYTES).get("reference", ""))[:24]
    except (ValueError, AttributeError, TooCostly):
        return ""

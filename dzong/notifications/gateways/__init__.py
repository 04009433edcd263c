"""SMS gateways: a small registry; the settings choose one (DZONG_SMS_GATEWAY)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings


class SmsGateway:
    """Sends one text message; returns the gateway's id for it, raises on failure."""

    code = ""

    def send(self, *, to: str, text: str) -> str:
        raise NotImplementedError


GATEWAYS: dict[str, type[SmsGateway]] = {}
Gateway = TypeVar("Gateway", bound=type[SmsGateway])


def register(code: str) -> Callable[[Gateway], Gateway]:
    """Make a gateway available under `code`."""

    def add(gateway: Gateway) -> Gateway:
        gateway.code = code
        GATEWAYS[code] = gateway
        return gateway

    return add


def current_gateway() -> SmsGateway:
    """The gateway the settings name."""
    from dzong.notifications.gateways import http_gateway, log_gateway  # noqa: F401  (register)

    return GATEWAYS[settings.DZONG_SMS_GATEWAY]()

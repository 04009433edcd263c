"""The demo's SMS gateway: writes that a message was sent to the log, never its content."""

from __future__ import annotations

import logging
import secrets

from dzong.notifications.gateways import SmsGateway, register

log = logging.getLogger("dzong.sms")


@register("log")
class LoggingGateway(SmsGateway):
    """Sends nothing: logs an id and the length (no number, no text: they are personal data)."""

    def send(self, *, to: str, text: str) -> str:
        message_id = f"log-{secrets.token_hex(6)}"
        log.info("SMS %s of %d characters accepted", message_id, len(text))
        return message_id

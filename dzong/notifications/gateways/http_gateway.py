"""An SMS gateway reached over HTTP: JSON posted to DZONG_SMS_URL with DZONG_SMS_KEY."""

from __future__ import annotations

import json
import urllib.request

from django.conf import settings

from dzong.notifications.gateways import SmsGateway, register


class GatewayRefused(Exception):
    """The gateway did not accept the message."""


@register("http")
class HttpGateway(SmsGateway):
    """POSTs {"to", "text", "sender"} with a bearer key; the reply's "id" names the message."""

    def send(self, *, to: str, text: str) -> str:
        url = settings.DZONG_SMS_URL
        if not url.startswith(("https://", "http://")):
            raise GatewayRefused("DZONG_SMS_URL must be an http(s) address")
        payload = {"to": to, "text": text, "sender": settings.DZONG_SMS_SENDER}
        request = urllib.request.Request(  # noqa: S310  (the scheme is checked above)
            url,
            data=json.dumps(payload).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.DZONG_SMS_KEY}",
            },
            method="POST",
        )
        timeout = settings.DZONG_SMS_TIMEOUT
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise GatewayRefused(str(response.status))
            reply = json.loads(response.read() or b"{}")
        return str(reply.get("id", ""))[:100]

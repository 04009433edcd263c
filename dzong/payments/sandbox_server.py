"""A sandbox payment gateway that behaves like a real one, for the demo and the tests.

Run it beside Dzong: `python -m dzong.payments.sandbox_server --port 8001`. It reads the
merchant id and HMAC secret from DZONG_PAYMENT_MERCHANT_ID and DZONG_PAYMENT_HMAC_SECRET.

- POST /api/payments (signed JSON) opens a payment and answers its id and payment page.
- GET /pay/<id> is the payer's page: Approve or Decline. Either sends the payer back to the
  merchant's return address and sends signed server-to-server callbacks to its callback
  address: after a delay, several times, or before the payer returns, as configured.
- GET /api/payments/<id> (signed path) answers the payment's status, signed.
- POST /api/payments/<id>/refund (signed, {"amount": ...}) refunds a paid payment, in full or in
  part; the status turns to refunded once all of it is given back.
- GET /api/settlements/<merchant>/<YYYY-MM-DD>?tz=<zone> (signed path) is the settlement
  report of one day in that time zone: each payment paid that day (refunded since or not),
  with its reference, amount and status, and the total.
- POST /_control (loopback only) changes the behaviour at run time, for tests; GET /_stats
  tells how many callbacks were sent and how long the merchant took to answer each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dzong.payments.signing import SIGNATURE_HEADER, is_signed, sign

DEVELOPMENT_SECRET = "sandbox-development-secret"  # noqa: S105  # the demo's, not production's


@dataclass
class Behaviour:
    """How the gateway behaves towards the merchant; tests change it through /_control."""

    callback_delay: float = 0.0
    callback_copies: int = 1
    callback_before_return: bool = True
    send_callbacks: bool = True


@dataclass
class GatewayPayment:
    """A payment as the gateway knows it."""

    id: str
    merchant: str
    reference: str
    amount: int
    currency: str
    return_url: str
    callback_url: str
    status: str = "open"  # open, paid, declined, refunded
    paid_at: float | None = None
    refunded: int = 0  # given back so far; refunded in full turns the status to refunded

    def notice(self) -> dict[str, Any]:
        return {
            "payment_id": self.id,
            "merchant": self.merchant,
            "reference": self.reference,
            "amount": self.amount,
            "currency": self.currency,
            "status": self.status,
            "refunded": self.refunded,
            "sent_at": time.time(),
        }


@dataclass
class Gateway:
    """The gateway's state: its payments and its behaviour."""

    merchant: str
    secret: str
    behaviour: Behaviour = field(default_factory=Behaviour)
    payments: dict[str, GatewayPayment] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    callbacks_sent: int = 0
    refund_requests: int = 0  # every refund asked, granted or not: a merchant asks once
    callback_seconds: list[float] = field(default_factory=list)

    def open(self, request: dict[str, Any]) -> GatewayPayment:
        payment = GatewayPayment(
            id="sbx_" + secrets.token_hex(8),
            merchant=str(request["merchant"]),
            reference=str(request["reference"]),
            amount=int(request["amount"]),
            currency=str(request["currency"]),
            return_url=str(request["return_url"]),
            callback_url=str(request["callback_url"]),
        )
        with self.lock:
            self.payments[payment.id] = payment
        return payment

    def decide(self, payment: GatewayPayment, approve: bool) -> None:
        with self.lock:
            if payment.status == "open":
                payment.status = "paid" if approve else "declined"
                payment.paid_at = time.time() if approve else None

    def settlement(self, merchant: str, start: float, end: float) -> list[dict[str, Any]]:
        """The merchant's payments paid in [start, end), refunded since or not."""
        with self.lock:
            return [
                {key: value for key, value in payment.notice().items() if key != "sent_at"}
                for payment in self.payments.values()
                if payment.merchant == merchant
                and payment.paid_at is not None
                and start <= payment.paid_at < end
            ]

    def send_callbacks(self, payment: GatewayPayment) -> None:
        """POST the signed notice to the merchant, as many times as configured."""
        behaviour = self.behaviour
        if not behaviour.send_callbacks:
            return
        time.sleep(behaviour.callback_delay)
        body = json.dumps(payment.notice()).encode()
        for _ in range(behaviour.callback_copies):
            self._post(payment.callback_url, body)

    def _post(self, url: str, body: bytes) -> None:
        request = urllib.request.Request(  # noqa: S310  # the merchant's own http(s) address
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                response.read()
        except (urllib.error.URLError, OSError):
            pass  # a real gateway retries later; the merchant's status query covers it
        with self.lock:
            self.callbacks_sent += 1
            self.callback_seconds.append(time.perf_counter() - started)


class Handler(BaseHTTPRequestHandler):
    """The gateway's HTTP endpoints."""

    server: SandboxServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    @property
    def gateway(self) -> Gateway:
        return self.server.gateway

    def do_GET(self) -> None:
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "pay":
            return self._payment_page(parts[1])
        if len(parts) == 3 and parts[:2] == ["api", "payments"]:
            return self._status(parts[2])
        if len(parts) == 4 and parts[:2] == ["api", "settlements"]:
            return self._settlement(parts[2], parts[3])
        if parts == ["favicon.ico"]:
            return self._html(HTTPStatus.OK, "")
        if parts == ["health"]:
            return self._json(HTTPStatus.OK, {"ok": True})
        if parts == ["_stats"]:
            sent, seconds = self.gateway.callbacks_sent, self.gateway.callback_seconds
            return self._json(HTTPStatus.OK, {"callbacks": sent, "seconds": seconds})
        return self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def do_POST(self) -> None:
        parts = self.path.split("?")[0].strip("/").split("/")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if parts == ["api", "payments"]:
            return self._open(body)
        if len(parts) == 2 and parts[0] == "pay":
            return self._decide(parts[1], body)
        if len(parts) == 4 and parts[:2] == ["api", "payments"] and parts[3] == "refund":
            return self._refund(parts[2], body)
        if parts == ["_control"]:
            return self._control(body)
        return self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def _signed(self, message: bytes) -> bool:
        return is_signed(self.gateway.secret, message, self.headers.get(SIGNATURE_HEADER))

    def _open(self, body: bytes) -> None:
        if not self._signed(body):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "bad signature"})
        request = json.loads(body)
        if request.get("merchant") != self.gateway.merchant:
            return self._json(HTTPStatus.FORBIDDEN, {"error": "unknown merchant"})
        payment = self.gateway.open(request)
        page = f"{self.server.public_url}/pay/{payment.id}"
        return self._json(HTTPStatus.CREATED, {"id": payment.id, "payment_url": page})

    def _status(self, payment_id: str) -> None:
        if not self._signed(self.path.encode()):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "bad signature"})
        payment = self.gateway.payments.get(payment_id)
        if payment is None:
            return self._json(HTTPStatus.NOT_FOUND, {"error": "no such payment"})
        return self._json(HTTPStatus.OK, payment.notice())

    def _settlement(self, merchant: str, day_text: str) -> None:
        if not self._signed(self.path.encode()):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "bad signature"})
        if merchant != self.gateway.merchant:
            return self._json(HTTPStatus.FORBIDDEN, {"error": "unknown merchant"})
        zone_name = parse_qs(urlsplit(self.path).query).get("tz", ["UTC"])[0]
        try:
            zone = ZoneInfo(zone_name)
            day = dt.date.fromisoformat(day_text)
        except (ValueError, ZoneInfoNotFoundError):
            return self._json(HTTPStatus.BAD_REQUEST, {"error": "bad day or time zone"})
        start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        end = start + dt.timedelta(days=1)
        payments = self.gateway.settlement(merchant, start.timestamp(), end.timestamp())
        report = {
            "merchant": merchant,
            "day": day.isoformat(),
            "timezone": zone_name,
            "payments": payments,
            "total": sum(payment["amount"] for payment in payments),
        }
        return self._json(HTTPStatus.OK, report)

    def _refund(self, payment_id: str, body: bytes) -> None:
        if not self._signed(body):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "bad signature"})
        payment = self.gateway.payments.get(payment_id)
        if payment is None:
            return self._json(HTTPStatus.NOT_FOUND, {"error": "no such payment"})
        try:
            amount = int(json.loads(body or b"{}").get("amount", payment.amount))
        except (ValueError, TypeError, AttributeError):
            return self._json(HTTPStatus.BAD_REQUEST, {"error": "bad amount"})
        with self.gateway.lock:
            self.gateway.refund_requests += 1
            if payment.status == "refunded":
                return self._json(HTTPStatus.OK, payment.notice())
            if payment.status != "paid" or not 0 < amount <= payment.amount - payment.refunded:
                return self._json(HTTPStatus.CONFLICT, {"error": f"payment is {payment.status}"})
            payment.refunded += amount
            payment.status = "refunded" if payment.refunded == payment.amount else "paid"
        return self._json(HTTPStatus.OK, payment.notice())

    def _control(self, body: bytes) -> None:
        if self.client_address[0] not in ("127.0.0.1", "::1"):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "loopback only"})
        changes = json.loads(body or b"{}")
        behaviour = self.gateway.behaviour
        for name, value in changes.items():
            if hasattr(behaviour, name):
                setattr(behaviour, name, type(getattr(behaviour, name))(value))
        return self._json(HTTPStatus.OK, asdict(behaviour))

    def _payment_page(self, payment_id: str) -> None:
        payment = self.gateway.payments.get(payment_id)
        if payment is None:
            return self._json(HTTPStatus.NOT_FOUND, {"error": "no such payment"})
        self._html(HTTPStatus.OK, payment_page(payment))

    def _decide(self, payment_id: str, body: bytes) -> None:
        payment = self.gateway.payments.get(payment_id)
        if payment is None:
            return self._json(HTTPStatus.NOT_FOUND, {"error": "no such payment"})
        decision = parse_qs(body.decode()).get("decision", [""])[0]
        self.gateway.decide(payment, approve=decision == "approve")
        if self.gateway.behaviour.callback_before_return:
            self.gateway.send_callbacks(payment)
        else:
            threading.Thread(target=self.gateway.send_callbacks, args=(payment,)).start()
        separator = "&" if "?" in payment.return_url else "?"
        query = urlencode({"gateway_payment": payment.id, "outcome": payment.status})
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", f"{payment.return_url}{separator}{query}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _json(self, status: HTTPStatus, content: dict[str, Any]) -> None:
        body = json.dumps(content).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header(SIGNATURE_HEADER, sign(self.gateway.secret, body))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _html(self, status: HTTPStatus, text: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def payment_page(payment: GatewayPayment) -> str:
    """The payer's page: the amount, then Approve or Decline."""
    amount = f"{payment.currency} {payment.amount / 100:,.2f}"
    action = f"/pay/{html.escape(payment.id)}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox gateway: pay {html.escape(amount)}</title></head>
<body><main>
<h1>Sandbox payment gateway</h1>
<p>Merchant reference <strong>{html.escape(payment.reference)}</strong></p>
<p>Amount to pay: <strong id="amount">{html.escape(amount)}</strong></p>
<p>This is a test gateway. No money moves.</p>
<form method="post" action="{action}">
<button type="submit" name="decision" value="approve">Approve payment</button>
<button type="submit" name="decision" value="decline">Decline payment</button>
</form></main></body></html>"""


class SandboxServer(ThreadingHTTPServer):
    """The HTTP server holding one gateway."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], gateway: Gateway, verbose: bool = False) -> None:
        super().__init__(address, Handler)
        self.gateway, self.verbose = gateway, verbose

    @property
    def public_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


def main(argv: list[str] | None = None) -> None:
    """Serve the sandbox gateway until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--callback-delay", type=float, default=0.0)
    parser.add_argument("--callback-copies", type=int, default=1)
    parser.add_argument("--callbacks-after-return", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args(argv)
    gateway = Gateway(
        merchant=os.environ.get("DZONG_PAYMENT_MERCHANT_ID") or "dzong-demo",
        secret=os.environ.get("DZONG_PAYMENT_HMAC_SECRET") or DEVELOPMENT_SECRET,
        behaviour=Behaviour(
            callback_delay=options.callback_delay,
            callback_copies=options.callback_copies,
            callback_before_return=not options.callbacks_after_return,
        ),
    )
    server = SandboxServer((options.host, options.port), gateway, verbose=options.verbose)
    print(f"Sandbox payment gateway on {server.public_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

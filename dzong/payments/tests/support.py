"""Applications ready to pay, and a payer's moves on the sandbox gateway, over HTTP."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from typing import Any

from django.test import Client

from dzong.accounts.models import User
from dzong.applications.models import Application
from dzong.catalogue.tests.support import ensure_demo
from dzong.payments.models import Payment
from dzong.payments.signing import SIGNATURE_HEADER, sign
from dzong.portal.tests.journeys import post_page

BUS_OPERATOR = {
    "business_licence_number": "BL-2026-000001",
    "contact_person": "Sonam Dorji",
    "mobile": "77123456",
}
BUS_VEHICLE = {"vehicle_registration": "BP-1-A1234", "seating_capacity": "30"}
BUS_ROUTE = {
    "origin_town": "Thimphu",
    "destination_town": "Phuentsholing",
    "trips_per_day": "2",
    "stops-entries": "0",
}
BUS_FEE = 30 * 50 * 100  # Nu. 50 per seat, in chhertum


def load_demo() -> None:
    ensure_demo()


def signed_in(email: str = "payer@example.bt") -> tuple[Client, User]:
    user = User.objects.create_user(email, "a-long-enough-password", full_name="Dorji Wangchuk")
    client = Client()
    client.force_login(user)
    return client, user


def bus_draft(client: Client) -> Application:
    """A complete Bus route permit draft, filled through the portal, at check your answers."""
    vehicle = post_page(client, "/services/bus-route-permit/apply/", BUS_OPERATOR)
    route = post_page(client, vehicle, BUS_VEHICLE)
    post_page(client, route, BUS_ROUTE)
    application: Application = Application.objects.latest("pk")
    return application


def pay_url(application: Application) -> str:
    return f"/payments/applications/{application.reference}/pay/before-submission/"


def go_to_gateway(client: Client, application: Application) -> str:
    """Choose Pay; the gateway's payment page the payer is sent to."""
    response = client.post(pay_url(application))
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def decide(page_url: str, decision: str) -> str:
    """Approve or decline on the gateway's page, as the payer's browser posts it; where the
    gateway sends the payer back (not followed: the payer may close the browser)."""
    parts = urllib.parse.urlsplit(page_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=15)
    body = urllib.parse.urlencode({"decision": decision})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", parts.path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 303, response.status
    return str(response.getheader("Location"))


def post_callback(site: str, body: bytes, signature: str) -> int:
    """POST a callback to Dzong as a gateway would; the status Dzong answers."""
    parts = urllib.parse.urlsplit(site)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=15)
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
    connection.request("POST", "/payments/callback/sandbox/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def signed_notice(payment: Payment, secret: str, **changes: Any) -> tuple[bytes, str]:
    """A notice as the gateway signs it, with `changes` made before signing."""
    content = {
        "payment_id": payment.provider_payment_id,
        "merchant": "dzong-test",
        "reference": payment.reference,
        "amount": payment.amount,
        "currency": payment.currency,
        "status": "paid",
        "sent_at": time.time(),
        **changes,
    }
    body = json.dumps(content).encode()
    return body, sign(secret, body)


def wait_until(condition: Any, timeout: float = 15.0) -> None:
    """Wait for something another server does; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")

"""The reconciliation against the sandbox gateway's settlement report, over HTTP."""

import csv
import datetime as dt
import io
import urllib.error
import urllib.request

import pytest
from django.utils import timezone

from dzong.payments.models import Payment
from dzong.payments.providers import provider
from dzong.payments.providers.base import PaymentRequest, ProviderError
from dzong.payments.tests.support import BUS_FEE, bus_draft, decide, go_to_gateway, signed_in
from dzong.payments.tests.test_staff_views import staff


@pytest.fixture
def paid(site, sandbox_gateway):
    """Three bus route permits paid online today, by three applicants."""
    payments = []
    for n in range(3):
        client, _ = signed_in(f"payer{n}@example.bt")
        decide(go_to_gateway(client, bus_draft(client)), "approve")
        payments.append(Payment.objects.latest("pk"))
    assert all(p.status == "paid" for p in Payment.objects.all())
    return payments


def _csv(cashier):
    export = cashier.get("/reconciliation/export.csv", {"agency": "rsta"})
    return list(csv.reader(io.StringIO(export.content.decode())))


def test_the_gateways_settlement_report_lists_the_days_payments_signed(paid, sandbox_gateway):
    notices = provider("sandbox").settlement(timezone.localdate(), "Asia/Thimphu")
    assert sorted(n.reference for n in notices) == sorted(p.reference for p in paid)
    assert {(n.amount, n.status) for n in notices} == {(BUS_FEE, "paid")}
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert provider("sandbox").settlement(yesterday, "Asia/Thimphu") == []
    unsigned = f"{sandbox_gateway.url}/api/settlements/dzong-test/{timezone.localdate()}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=5)  # noqa: S310
    refused.value.close()
    assert refused.value.code == 403


def test_totals_that_match_the_providers_are_shown_and_exported(paid):
    cashier = staff("cashier", "rsta")
    page = cashier.get("/reconciliation/", {"agency": "rsta"}).text
    assert "The totals match." in page and page.count("Nu. 4,500") >= 3
    total = next(row for row in _csv(cashier) if row[0] == "online_total")
    assert total[5] == "sandbox" and total[9:] == [str(3 * BUS_FEE), "BTN", "matches", total[9]]
    assert not [row for row in _csv(cashier) if row[0] == "mismatch"]


def test_each_payment_that_differs_from_the_providers_report_is_listed(paid, sandbox_gateway):
    gateway = sandbox_gateway.gateway
    gateway.payments[paid[0].provider_payment_id].amount = 100  # the gateway took Nu. 1
    del gateway.payments[paid[1].provider_payment_id]  # the gateway never took it
    sandbox_gateway.behave(send_callbacks=False)
    stranger = provider("sandbox").start_payment(
        PaymentRequest("PAY-NOTINDZONG", 700, "BTN", "elsewhere", "http://x/", "http://x/")
    )
    decide(stranger.redirect_url, "approve")  # the gateway took money Dzong knows nothing of
    cashier = staff("cashier", "rsta")
    page = cashier.get("/reconciliation/", {"agency": "rsta"}).text
    assert "The totals or payments differ." in page
    assert "Nu. 4,500" in page and "Nu. 1,508" in page  # Dzong's total, the gateway's
    for text in ("Only at the provider", "Only in Dzong", "Different amounts", "PAY-NOTINDZONG"):
        assert text in page
    mismatches = {row[2]: row[9:] for row in _csv(cashier) if row[0] == "mismatch"}
    assert mismatches == {
        paid[0].reference: [str(BUS_FEE), "BTN", "amount_differs", "100"],
        paid[1].reference: [str(BUS_FEE), "BTN", "only_in_dzong", ""],
        "PAY-NOTINDZONG": ["", "BTN", "only_at_provider", "700"],
    }
    total = next(row for row in _csv(cashier) if row[0] == "online_total")
    assert total[9:] == [str(3 * BUS_FEE), "BTN", "differs", str(BUS_FEE + 100 + 700)]


def test_a_gateway_that_cannot_be_reached_is_said_so(paid, settings):
    settings.DZONG_PAYMENT_GATEWAY_URL = "http://127.0.0.1:9"
    with pytest.raises(ProviderError):
        provider("sandbox").settlement(timezone.localdate(), "Asia/Thimphu")
    page = staff("cashier", "rsta").get("/reconciliation/", {"agency": "rsta"}).text
    assert "could not be fetched" in page and "Not compared." in page

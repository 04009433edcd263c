"""Paying through the sandbox gateway, running as its own server, with callbacks over HTTP."""

import datetime as dt

import pytest

from dzong.applications.models import Application, Event
from dzong.catalogue.services import import_definition, publish_version
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document
from dzong.payments.models import Payment, PaymentEvent
from dzong.payments.providers import provider
from dzong.payments.services import refund_payment, settle_pending_payments
from dzong.payments.signing import SIGNATURE_HEADER
from dzong.payments.tests.support import (
    BUS_FEE,
    bus_draft,
    decide,
    go_to_gateway,
    post_callback,
    signed_in,
    signed_notice,
    wait_until,
)
from dzong.portal.tests.journeys import fill_business, submit


@pytest.fixture
def payer(site):
    client, _ = signed_in()
    return client


def _submissions(application):
    return Event.objects.filter(application=application, kind=Event.Kind.SUBMITTED).count()


def test_the_check_page_leads_to_payment_and_the_application_waits_for_it(payer):
    application = bus_draft(payer)
    check = f"/applications/{application.reference}/check/"
    assert "Continue to payment" in payer.get(check).text
    response = payer.post(check, {"declaration": "yes", "submission_key": "k1"})
    assert response["Location"].endswith("/pay/before-submission/")
    page = payer.get(response["Location"])
    assert "Seat fee" in page.text or "Nu. 1,500" in page.text
    assert "Nu. 1,500" in page.text
    assert "form-action 'self' http://127.0.0.1:" in page["Content-Security-Policy"]
    application.refresh_from_db()
    assert application.is_draft


def test_a_callback_replayed_three_times_gives_one_payment(payer, sandbox_gateway, site):
    sandbox_gateway.behave(callback_copies=3)
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    payment = Payment.objects.get()
    assert payment.status == "paid" and payment.amount == BUS_FEE
    body, signature = signed_notice(payment, sandbox_gateway.gateway.secret)
    assert post_callback(site, body, signature) == 200  # and once more, by hand
    kinds = list(payment.events.values_list("kind", flat=True))
    assert kinds.count("paid") == 1 and kinds.count("repeated") == 3
    application.refresh_from_db()
    assert application.status == "submitted" and _submissions(application) == 1
    assert sandbox_gateway.gateway.callbacks_sent == 3


def test_a_tampered_callback_is_refused_and_recorded(payer, sandbox_gateway, site):
    sandbox_gateway.behave(send_callbacks=False)
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    payment = Payment.objects.get()
    body, signature = signed_notice(payment, sandbox_gateway.gateway.secret)
    tampered = body.replace(str(BUS_FEE).encode(), b"100")
    assert post_callback(site, tampered, signature) == 400
    assert post_callback(site, body, "0" * 64) == 400
    wrong_amount = signed_notice(payment, sandbox_gateway.gateway.secret, amount=100)
    assert post_callback(site, *wrong_amount) == 400
    wrong_currency = signed_notice(payment, sandbox_gateway.gateway.secret, currency="INR")
    assert post_callback(site, *wrong_currency) == 400
    refused = PaymentEvent.objects.filter(kind="refused")
    reasons = sorted(e.details["reason"] for e in refused)
    assert reasons == ["amount differs", "bad signature", "bad signature", "currency differs"]
    assert all(e.payment_id == payment.pk for e in refused)
    payment.refresh_from_db()
    application.refresh_from_db()
    assert payment.status == "pending" and application.is_draft


def test_a_callback_before_the_return_completes_the_application(payer, sandbox_gateway):
    sandbox_gateway.behave(callback_before_return=True)
    application = bus_draft(payer)
    back = decide(go_to_gateway(payer, application), "approve")
    application.refresh_from_db()
    assert application.status == "submitted"  # before the payer is even back
    page = payer.get(back, follow=True)
    assert "Application submitted" in page.text and application.reference in page.text
    receipt = Payment.objects.get().verification_code
    assert receipt in payer.get(f"/payments/{Payment.objects.get().reference}/receipt/").text


def test_a_callback_after_the_browser_was_closed_completes_the_application(payer, sandbox_gateway):
    sandbox_gateway.behave(callback_before_return=False, callback_delay=0.5)
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")  # and the payer closes the browser
    assert Payment.objects.get().status == "pending"
    wait_until(lambda: Application.objects.get(pk=application.pk).status == "submitted")
    assert Payment.objects.get().status == "paid"
    assert _submissions(application) == 1


def test_the_return_page_waits_while_the_payment_is_pending(payer, sandbox_gateway):
    sandbox_gateway.behave(send_callbacks=False)
    application = bus_draft(payer)
    back = decide(go_to_gateway(payer, application), "approve")
    page = payer.get(back, follow=True)
    assert "Waiting for your payment to be confirmed" in page.text
    assert page["Refresh"] == "3"
    assert Application.objects.get(pk=application.pk).is_draft


def test_payments_left_pending_are_settled_by_asking_the_gateway(payer, sandbox_gateway):
    sandbox_gateway.behave(send_callbacks=False)
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    assert settle_pending_payments(older_than=dt.timedelta(0)) == 1
    assert Payment.objects.get().status == "paid"
    assert Application.objects.get(pk=application.pk).status == "submitted"
    assert settle_pending_payments(older_than=dt.timedelta(0)) == 0


def test_a_decline_lets_the_applicant_try_again_without_losing_the_application(
    payer, sandbox_gateway
):
    application = bus_draft(payer)
    answers = dict(application.answers)
    back = decide(go_to_gateway(payer, application), "decline")
    page = payer.get(back, follow=True)
    assert "Your payment did not go through" in page.text and "Try again" in page.text
    application.refresh_from_db()
    assert application.is_draft and application.answers == answers
    decide(go_to_gateway(payer, application), "approve")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert sorted(Payment.objects.values_list("status", flat=True)) == ["failed", "paid"]


def test_a_refund_goes_through_the_gateway_and_is_recorded(payer, sandbox_gateway):
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    payment = refund_payment(payment=Payment.objects.get(), reason="rejected")
    assert payment.status == "refunded" and payment.refunded_at is not None
    assert provider("sandbox").query_status(payment.provider_payment_id).status == "refunded"
    assert payment.events.filter(kind="refunded").count() == 1


def test_a_paid_application_cannot_be_paid_again(payer, sandbox_gateway):
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    again = payer.post(f"/payments/applications/{application.reference}/pay/before-submission/")
    assert again.status_code == 302 and "/return/" in again["Location"]
    assert Payment.objects.count() == 1


def test_a_second_tab_paying_the_same_fees_is_refunded_at_once(payer, sandbox_gateway):
    sandbox_gateway.behave(send_callbacks=False)
    application = bus_draft(payer)
    first, second = go_to_gateway(payer, application), go_to_gateway(payer, application)
    decide(first, "approve")
    decide(second, "approve")
    settle_pending_payments(older_than=dt.timedelta(0))
    assert sorted(Payment.objects.values_list("status", flat=True)) == ["paid", "refunded"]
    refunded = Payment.objects.get(status="refunded")
    assert provider("sandbox").query_status(refunded.provider_payment_id).status == "refunded"


def test_the_gateway_being_down_keeps_the_application(payer, sandbox_gateway, settings):
    settings.DZONG_PAYMENT_GATEWAY_URL = "http://127.0.0.1:9"
    application = bus_draft(payer)
    response = payer.post(f"/payments/applications/{application.reference}/pay/before-submission/")
    assert response.status_code == 503
    assert "cannot be reached" in response.text
    assert Application.objects.get(pk=application.pk).is_draft


def test_other_people_cannot_see_a_payment(payer, sandbox_gateway):
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    payment = Payment.objects.get()
    stranger, _ = signed_in("stranger@example.bt")
    assert stranger.get(f"/payments/{payment.reference}/return/").status_code == 404
    assert stranger.get(f"/payments/{payment.reference}/receipt/").status_code == 404
    pay = f"/payments/applications/{application.reference}/pay/before-submission/"
    assert stranger.get(pay).status_code == 404
    assert stranger.get(f"/payments/receipts/{payment.verification_code}/").status_code == 200


def test_fees_due_after_approval_are_owed_and_paid_from_the_application_page(
    payer, sandbox_gateway
):
    document = demo_document("register-business")
    document["fees"] = [
        {
            "code": "licence-fee",
            "label": {"en": "Licence fee", "dz": "ཆོག་ཐམ་གླ་ཆ།"},
            "agency": "trade",
            "account": "DOT-LICENCES",
            "amount": 25000,
            "due": "after_approval",
        }
    ]
    publish_version(version=import_definition(text=dump_yaml(document)))
    confirmation = submit(payer, fill_business(payer))  # nothing to pay before submission
    application = Application.objects.get()
    assert application.status == "approved" and confirmation.endswith("/submitted/")
    page = payer.get(f"/applications/{application.reference}/").text
    assert "Nu. 250 is still to pay" in page
    decide(payer.post(pay_url_after(application))["Location"], "approve")
    payment = Payment.objects.get()
    assert (payment.purpose, payment.status, payment.amount) == ("after_approval", "paid", 25000)
    page = payer.get(f"/applications/{application.reference}/").text
    assert "still to pay" not in page and f"/payments/{payment.reference}/receipt/" in page


def pay_url_after(application):
    return f"/payments/applications/{application.reference}/pay/after-approval/"


def test_a_callback_nested_thousands_deep_is_refused_not_a_server_error(client, db):
    deep = b'{"reference": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    headers = {SIGNATURE_HEADER: "0" * 64}
    response = client.post(
        "/payments/callback/sandbox/", deep, content_type="application/json", headers=headers
    )
    assert response.status_code == 400 and response.json()["reason"] == "bad signature"

"""Once the fees due before submission are paid, answers that would change them are refused
with a clear message (what was typed kept, nothing saved), the applicant sees what they paid
for, and answers that keep the fees may still change."""

import pytest

from dzong.applications.models import Application
from dzong.payments.models import Payment
from dzong.payments.tests.support import (
    BUS_FEE,
    BUS_VEHICLE,
    bus_draft,
    decide,
    go_to_gateway,
    signed_in,
    wait_until,
)
from dzong.portal.tests.journeys import post_page, submission_key


@pytest.fixture
def payer(site):
    client, _ = signed_in()
    return client


def _page(application, code):
    return f"/applications/{application.reference}/pages/{code}/"


def test_an_answer_that_would_change_paid_fees_is_refused_and_nothing_is_saved(payer):
    draft = paid_draft_with_more_seats(payer, "second@example.bt")
    page = payer.post(_page(draft, "vehicle"), {**BUS_VEHICLE, "seating_capacity": "50"})
    assert page.status_code == 200
    assert "You have already paid Nu. 1,500" in page.text and "Nu. 2,500" in page.text
    assert 'id="f-seating_capacity-error"' in page.text
    assert 'value="50"' in page.text  # what was typed is kept on the page
    draft.refresh_from_db()
    assert draft.answers["seating_capacity"] == 40


def paid_draft_with_more_seats(payer, email) -> Application:
    """Seats raised to 40 in another tab while the payment for 30 was at the gateway: the
    callback marks it paid, but the draft is not submitted with fees that differ."""
    other, _ = signed_in(email)
    application = bus_draft(other)
    gateway_page = go_to_gateway(other, application)
    post_page(other, _page(application, "vehicle"), {**BUS_VEHICLE, "seating_capacity": "40"})
    decide(gateway_page, "approve")
    payment = Payment.objects.get(application=application)
    wait_until(lambda: payment.events.filter(kind="not_submitted").exists())
    application.refresh_from_db()
    assert application.is_draft
    payer.force_login(application.applicant)
    return application


def test_a_paid_draft_whose_answers_changed_the_fees_is_not_submitted_silently(payer):
    draft = paid_draft_with_more_seats(payer, "third@example.bt")
    check = payer.get(f"/applications/{draft.reference}/check/")
    assert "What you have paid for" in check.text
    assert 'id="paid-total">Nu. 1,500<' in check.text
    refused = payer.post(
        f"/applications/{draft.reference}/check/",
        {"declaration": "yes", "submission_key": submission_key(check.text)},
    )
    assert refused.status_code == 200
    assert "You have already paid Nu. 1,500" in refused.text and 'href="#paid-for"' in refused.text
    assert Application.objects.get(pk=draft.pk).is_draft
    # back to the 30 seats paid for: allowed, and the application goes in without paying again
    post_page(payer, _page(draft, "vehicle"), BUS_VEHICLE)
    check = payer.get(f"/applications/{draft.reference}/check/")
    done = payer.post(
        f"/applications/{draft.reference}/check/",
        {"declaration": "yes", "submission_key": submission_key(check.text)},
    )
    assert done.status_code == 302 and done["Location"].endswith("/submitted/")
    submitted = Application.objects.get(pk=draft.pk)
    assert submitted.status == "submitted"
    assert Payment.objects.get(application=draft).amount == BUS_FEE


def test_answers_that_keep_the_paid_fees_may_still_change(payer):
    draft = paid_draft_with_more_seats(payer, "fourth@example.bt")
    post_page(payer, _page(draft, "vehicle"), BUS_VEHICLE)  # back to what was paid for
    operator = {
        "business_licence_number": "BL-2026-000001",
        "contact_person": "Pema Lhamo",
        "mobile": "77123456",
    }
    post_page(payer, _page(draft, "operator"), operator)
    draft.refresh_from_db()
    assert draft.answers["contact_person"] == "Pema Lhamo"

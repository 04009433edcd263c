"""Submitting is one service for every way in, and it holds the rules itself: fees due
before submission are paid first."""

import pytest

from dzong.accounts.models import User
from dzong.applications.models import Application, Event
from dzong.applications.services import FeesDueFirst, save_page, start_application
from dzong.catalogue.models import ServiceVersion
from dzong.payments.services import BEFORE, record_counter_payment
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import PAGES

pytestmark = pytest.mark.django_db


def _bus_draft(applicant, *, is_test: bool = False) -> Application:
    """A complete Bus route permit draft, whose fees (Nu. 1,500) are due before submission."""
    version = ServiceVersion.objects.current_for("bus-route-permit")
    draft = start_application(version=version, applicant=applicant, language="en", is_test=is_test)
    for page, answers, uploads in PAGES["bus-route-permit"]():
        save_page(
            application=draft, page_code=page, submitted=answers, uploads=uploads, language="en"
        )
    return draft


def test_a_draft_whose_fees_are_due_first_is_refused_until_they_are_paid(applicant):
    draft = _bus_draft(applicant)
    with pytest.raises(FeesDueFirst) as refused:
        submit_application(application=draft, idempotency_key="first")
    assert refused.value.amount == 150000 and "fees" in refused.value.errors
    draft.refresh_from_db()
    assert draft.is_draft and not draft.fees
    assert list(draft.events.values_list("kind", flat=True)) == [Event.Kind.STARTED]

    cashier = User.objects.create_user("cashier@counter.test", None, is_staff=True)
    record_counter_payment(application=draft, purpose=BEFORE, receipt_number="C-1", staff=cashier)
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED


def test_a_designers_test_run_owes_nothing_and_is_submitted(applicant):
    run = _bus_draft(applicant, is_test=True)
    assert submit_application(application=run).created
    assert not run.is_draft and not run.payments.exists()

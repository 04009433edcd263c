"""An operator applies for a walk-in citizen through the front door: start, consent on a
signed paper form, fill in on the applicant's pages, take cash, print, and what the officer,
the citizen and the reconciliation see of it."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dzong.applications.models import Event
from dzong.bench.pages import REFERENCES, REPEAT_VISIT_BUDGET
from dzong.centres.cash import take_cash
from dzong.centres.models import AssistedApplication, CashEntry
from dzong.centres.tests.support import (
    CITIZEN,
    MOBILE,
    centre,
    client_of,
    consented,
    filled,
    operator,
    paper_form,
)
from dzong.notifications.models import Delivery
from dzong.notifications.services import tell_of_events
from dzong.office.tests.support import office_client
from dzong.payments.reconciliation import day_report
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db


def test_an_operator_applies_for_a_citizen_who_consents_on_paper_and_pays_cash(demo):
    desk = operator(centre())
    client = client_of(desk)
    started = client.post(
        reverse("centres:start"),
        {
            "service": "bus-route-permit",
            "citizenship_id": CITIZEN,
            "mobile_number": "+975 " + MOBILE,
            "language": "dz",
        },
    )
    assert started.status_code == 302
    consent_url = started["Location"]
    assisted = AssistedApplication.objects.get()
    assert assisted.application is None  # nothing of the citizen before consent
    page = client.get(consent_url).content.decode()
    assert CITIZEN not in page

    answer = client.post(consent_url, {"action": "paper", "consent_form": paper_form()})
    assisted.refresh_from_db()
    application = assisted.application
    assert application is not None and assisted.consent_method == "paper"
    assert answer["Location"] == reverse("centres:application", args=[application.reference])
    assert application.applicant != desk.user and application.applicant.email is None
    assert application.applicant.has_usable_password() is False

    # the operator fills it in on the applicant's own pages, as the citizen would
    resume = client.get(reverse("portal:application", args=[application.reference]))
    assert resume.status_code == 302
    assert client.get(resume["Location"]).status_code == 200
    filled(assisted)

    paid = client.post(reverse("centres:take_cash", args=[application.reference]))
    assert paid.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    entry = CashEntry.objects.get()
    assert entry.payment.provider == "centre" and entry.operator == desk.user
    receipt = client.get(
        reverse("centres:receipt", args=[application.reference, entry.payment.reference])
    )
    assert receipt["Content-Type"] == "application/pdf"
    summary = client.get(reverse("centres:summary", args=[application.reference]))
    assert 'lang="dz"' in summary.content.decode()

    # every act names the operator as actor and the centre
    acts = Event.objects.filter(application=application, kind__in=["started", "submitted"])
    assert {(e.actor_id, e.details.get("centre")) for e in acts} == {(desk.user.pk, "chang")}
    # the citizen is told on their own number (the reaction to the event, run here)
    tell_of_events(event_ids=[acts.get(kind="submitted").pk])
    sms = Delivery.objects.filter(application=application, channel="sms", event="submitted")
    assert [d.address for d in sms] == ["+975" + MOBILE]

    officer = office_client(staff("transport-officer", "rsta"))
    screen = officer.get(reverse("office:application", args=[application.reference])).content
    assert "Made at a community centre" in screen.decode()
    assert "Chang community centre" in screen.decode()
    assert "A consent form signed on paper" in screen.decode()

    rsta = day_report(agency="rsta", day=timezone.localdate(entry.taken_at))
    assert rsta.by_channel() == {"centre": entry.payment.amount}


def test_the_citizen_finds_the_application_in_their_own_account_with_the_consent(demo):
    desk = operator(centre())
    assisted = consented(desk)
    application = filled(assisted)
    take_cash(operator=desk, assisted=assisted)
    citizen = office_client(application.applicant)  # a session of the citizen's account
    page = citizen.get(reverse("portal:application", args=[application.reference]))
    assert page.status_code == 200
    assert "Made for you at a community centre" in page.content.decode()
    mine = citizen.get(reverse("portal:applications")).content.decode()
    assert application.reference in mine


def test_the_operators_pages_stay_within_the_applicant_pages_budget(demo):
    desk = operator(centre())
    assisted = consented(desk)
    assert assisted.application is not None
    client = client_of(desk)
    applicant_page = Client().get(reverse("portal:home")).content.decode()
    for url in (
        reverse("centres:home"),
        reverse("centres:application", args=[assisted.application.reference]),
        reverse("centres:cash"),
    ):
        html = client.get(url).content
        assert len(gzip.compress(html)) < REPEAT_VISIT_BUDGET, url
        # the same stylesheet and scripts as the applicant's pages, cached after the first
        assert set(REFERENCES.findall(html.decode())) <= set(REFERENCES.findall(applicant_page))

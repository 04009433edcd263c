"""Who may reach what: an operator reaches only the applications they made at their centre,
with the citizen's consent, while open and for a set period after; refused or expired
consent stops the request; only operators and administrators use the centres' pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dzong.applications.models import Application
from dzong.applications.services import remove_stale_drafts
from dzong.centres.models import AssistedApplication
from dzong.centres.services import expire_lapsed_consents, start_assisted
from dzong.centres.tests.support import (
    CITIZEN,
    MOBILE,
    centre,
    client_of,
    consented,
    operator,
    paper_form,
)
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def _pages(reference: str) -> list[str]:
    return [
        reverse("centres:application", args=[reference]),
        reverse("centres:summary", args=[reference]),
        reverse("portal:application", args=[reference]),
    ]


def test_an_operator_of_another_centre_reaches_nothing_of_this_centres_applications(demo):
    mine = consented(operator(centre("chang")))
    assert mine.application is not None
    other = client_of(operator(centre("kawang")))
    for url in _pages(mine.application.reference):
        assert other.get(url).status_code == 404, url
    assert other.get(reverse("centres:consent", args=[mine.pk])).status_code == 404
    cash = other.post(reverse("centres:take_cash", args=[mine.application.reference]))
    assert cash.status_code == 404
    assert mine.application.reference not in other.get(reverse("centres:home")).content.decode()


def test_an_operator_never_reaches_the_citizens_own_applications(demo):
    desk = operator(centre())
    assisted = consented(desk)
    assert assisted.application is not None
    own = submitted("bus-route-permit", assisted.application.applicant)  # applied alone
    client = client_of(desk)
    assert client.get(reverse("portal:application", args=[own.reference])).status_code == 404
    assert client.get(reverse("centres:application", args=[own.reference])).status_code == 404
    visible = set(Application.objects.visible_to(desk.user))
    assert visible == {assisted.application}


def test_nothing_is_made_or_shown_before_consent(demo):
    desk = operator(centre())
    assisted = start_assisted(
        operator=desk,
        slug="bus-route-permit",
        citizenship_id=CITIZEN,
        mobile_number=MOBILE,
        language="en",
    )
    assert assisted.application is None
    assert not Application.objects.visible_to(desk.user).exists()
    page = client_of(desk).get(reverse("centres:consent", args=[assisted.pk]))
    assert page.status_code == 200 and CITIZEN not in page.content.decode()


def test_an_operator_no_longer_sees_an_application_decided_longer_ago_than_the_period(
    demo, settings
):
    desk = operator(centre())
    assisted = consented(desk)
    application = assisted.application
    assert application is not None
    client = client_of(desk)
    url = reverse("centres:application", args=[application.reference])
    long_ago = timezone.now() - dt.timedelta(days=settings.DZONG_CENTRE_VISIBLE_DAYS + 1)
    Application.objects.filter(pk=application.pk).update(status="approved", decided_at=long_ago)
    assert client.get(url).status_code == 404
    settings.DZONG_CENTRE_VISIBLE_DAYS = 60
    assert client.get(url).status_code == 200


def test_an_operator_who_left_the_centre_sees_nothing_they_made_there(demo):
    desk = operator(centre())
    assisted = consented(desk)
    desk.is_active = False
    desk.save()
    assert not Application.objects.visible_to(desk.user).exists()
    assert client_of(desk).get(reverse("centres:home")).status_code == 403
    assert assisted.application is not None


def test_refused_consent_stops_the_request_for_good(demo):
    desk = operator(centre())
    client = client_of(desk)
    assisted = start_assisted(
        operator=desk,
        slug="bus-route-permit",
        citizenship_id=CITIZEN,
        mobile_number=MOBILE,
        language="en",
    )
    url = reverse("centres:consent", args=[assisted.pk])
    assert client.post(url, {"action": "refuse"}).status_code == 302
    late = client.post(url, {"action": "paper", "consent_form": paper_form()})
    assert late.status_code == 400
    assert "refused consent" in late.content.decode()
    assisted.refresh_from_db()
    assert assisted.consent == "refused" and assisted.application is None


def test_consent_not_given_in_time_expires_and_stops_the_request(demo, settings):
    desk = operator(centre())
    assisted = start_assisted(
        operator=desk,
        slug="bus-route-permit",
        citizenship_id=CITIZEN,
        mobile_number=MOBILE,
        language="en",
    )
    late = timezone.now() - dt.timedelta(minutes=settings.DZONG_CENTRE_CONSENT_MINUTES + 1)
    AssistedApplication.objects.filter(pk=assisted.pk).update(arrived_at=late)
    url = reverse("centres:consent", args=[assisted.pk])
    page = client_of(desk).post(url, {"action": "paper", "consent_form": paper_form()})
    assert "did not consent in time" in page.content.decode()
    assert expire_lapsed_consents() == 1
    assert expire_lapsed_consents() == 0  # the sweeper is safe to run again
    assisted.refresh_from_db()
    assert assisted.consent == "expired" and assisted.application is None


def test_only_operators_use_a_centres_pages_and_only_administrators_the_centres(demo):
    officer = office_client(staff("transport-officer", "rsta"))
    assert officer.get(reverse("centres:home")).status_code == 403
    assert officer.get(reverse("centres:admin")).status_code == 403
    desk = client_of(operator(centre()))
    assert desk.get(reverse("centres:admin_figures")).status_code == 403
    anonymous = Client().get(reverse("centres:home"))
    assert anonymous.status_code == 302 and "/office/sign-in/" in anonymous["Location"]


def test_a_stale_assisted_draft_is_removed_and_the_record_of_consent_stays(demo, settings):
    desk = operator(centre())
    assisted = consented(desk)
    long_ago = timezone.now() - dt.timedelta(days=settings.DZONG_DRAFT_RETENTION_DAYS + 30)
    Application.objects.filter(pk=assisted.application_id).update(
        updated_at=long_ago, reminded_at=long_ago
    )
    assert remove_stale_drafts() == 1
    assisted.refresh_from_db()
    assert assisted.application is None and assisted.consent == "given"
    assert client_of(desk).get(reverse("centres:home")).status_code == 200

"""Revoking and reissuing certificates from the application screen."""

import pytest

from dzong.applications.models import Event
from dzong.applications.tests.factories import business_draft
from dzong.certificates.models import Certificate
from dzong.office.tests.support import office_client
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(applicant, settings, django_capture_on_commit_callbacks) -> Certificate:
    """The business licence of an approved business registration (agency: trade)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_application(application=business_draft(applicant)).application
    return Certificate.objects.get(application=application, agency="trade")


def _url(licence: Certificate, what: str) -> str:
    return f"/office/applications/{licence.application.reference}/certificates/{licence.pk}/{what}/"


def test_a_supervisor_revokes_a_certificate_with_a_reason_and_the_applicant_sees_it(
    licence, applicant
):
    supervisor = office_client(staff("supervisor", "trade"))
    screen = supervisor.get(f"/office/applications/{licence.application.reference}/").text
    assert licence.verification_code in screen and "Revoke" in screen
    assert supervisor.post(_url(licence, "revoke"), {"reason": " "}).status_code == 302
    licence.refresh_from_db()
    assert licence.status == Certificate.Status.ISSUED
    response = supervisor.post(_url(licence, "revoke"), {"reason": "Issued in error"})
    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.status == Certificate.Status.REVOKED
    assert licence.revoked_reason == "Issued in error"
    event = licence.application.events.get(kind=Event.Kind.CERTIFICATE_REVOKED)
    assert event.actor.email == "supervisor@trade.demo.dzong.test"
    screen = supervisor.get(f"/office/applications/{licence.application.reference}/").text
    assert "Certificate revoked" in screen and "Issued in error" in screen
    from django.test import Client

    own = Client()
    own.force_login(applicant)
    page = own.get(f"/applications/{licence.application.reference}/").text
    assert "Business Licence is revoked" in page and "Issued in error" in page
    assert "being prepared" not in page


def test_a_supervisor_reissues_a_certificate(licence, applicant):
    supervisor = office_client(staff("supervisor", "trade"))
    assert supervisor.post(_url(licence, "reissue")).status_code == 302
    licence.refresh_from_db()
    assert licence.status == Certificate.Status.REPLACED
    new = licence.replaced_by
    assert new is not None and new.status == Certificate.Status.ISSUED
    event = licence.application.events.get(kind=Event.Kind.CERTIFICATE_REISSUED)
    assert event.actor.email == "supervisor@trade.demo.dzong.test"
    from django.test import Client

    own = Client()
    own.force_login(applicant)
    page = own.get(f"/applications/{licence.application.reference}/").text
    assert new.verification_code in page and licence.verification_code not in page
    again = supervisor.post(_url(licence, "reissue"))
    assert again.status_code == 302
    assert Certificate.objects.filter(application=licence.application, agency="trade").count() == 2


def test_officers_without_the_role_and_other_agencies_get_404(licence):
    outsiders = [
        staff("licensing-officer", "trade"),  # sees the application, but is no supervisor
        staff("supervisor", "rsta"),  # supervises another agency
        staff("supervisor", "revenue"),  # another agency's certificate, not this one
    ]
    for person in outsiders:
        client = office_client(person)
        for what in ("revoke", "reissue"):
            response = client.post(_url(licence, what), {"reason": "No"})
            assert response.status_code == 404, (person.email, what)
    licence.refresh_from_db()
    assert licence.status == Certificate.Status.ISSUED
    officer = office_client(staff("licensing-officer", "trade"))
    screen = officer.get(f"/office/applications/{licence.application.reference}/").text
    assert licence.verification_code in screen and "Reason for revoking" not in screen

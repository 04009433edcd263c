"""A designer's test run gets its certificates like anyone, marked, unsigned and unverifiable."""

import pytest
from django.test import Client

from dzong.applications.models import Application
from dzong.applications.tests.factories import business_draft
from dzong.certificates.credentials import bit_is_set, encoded_status_list
from dzong.certificates.models import Certificate
from dzong.certificates.services import check_presented_pdf, revoke_certificate
from dzong.certificates.tests.conftest import pdf_bytes, pdfsig, pdftotext
from dzong.notifications.models import Delivery
from dzong.workflow.submission import submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def tested(applicant, immediate_tasks, django_capture_on_commit_callbacks) -> list[Certificate]:
    """The certificates of a business registration submitted as a test run."""
    draft = business_draft(applicant)
    Application.objects.filter(pk=draft.pk).update(is_test=True)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application=draft)
    return list(Certificate.objects.filter(application=draft).order_by("pk"))


def test_a_test_runs_certificate_says_so_and_is_not_signed(tested, tmp_path):
    licence = tested[0]
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf_bytes(licence))

    assert licence.signing_key is None
    assert "TEST / SPECIMEN" in pdftotext(path)
    assert "Signature #1" not in pdfsig(path)


def test_a_test_runs_certificate_never_verifies(tested, applicant):
    licence = tested[0]

    assert check_presented_pdf(pdf=pdf_bytes(licence)).finding != "genuine"
    assert Client().get(f"/verify/{licence.verification_code}/").status_code == 404
    client = Client()
    client.force_login(applicant)
    url = f"/applications/{licence.application.reference}/certificates/{licence.pk}/credential/"
    assert client.get(url).status_code == 404


def test_a_test_runs_certificates_are_announced_to_nobody_and_out_of_the_status_list(
    tested, mailoutbox
):
    assert not Delivery.objects.exists()
    assert mailoutbox == []
    licence = revoke_certificate(certificate=tested[0], reason="A test.")

    assert not bit_is_set(encoded_status_list(licence.agency), licence.pk)

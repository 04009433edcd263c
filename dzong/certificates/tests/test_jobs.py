"""The certificate job run twice, one after the other or at once: one certificate per
registration, a revoked one never brought back, one signed PDF per certificate, and one
"ready" email."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings

from dzong.applications.models import Application, IssuedRegistration
from dzong.applications.tests.factories import business_draft
from dzong.certificates.models import Certificate
from dzong.certificates.services import (
    NotRevocable,
    issue_and_announce,
    reissue_certificate,
    revoke_certificate,
)
from dzong.conftest import twice_at_once
from dzong.notifications.models import Delivery
from dzong.workflow.submission import submit_application


def stored_pdfs() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "certificates").rglob("*.pdf"))


def ready_emails(smtp_server) -> list[object]:
    time.sleep(0.5)  # a second email, were one sent, would have arrived
    return [m for m in smtp_server.messages if "are ready" in m["Subject"]]


@pytest.mark.django_db
def test_a_second_run_of_the_job_does_not_bring_back_a_revoked_certificate(smtp_server, issued):
    licence = revoke_certificate(certificate=issued[0], reason="Issued in error")
    ids = [c.registration_id for c in issued]
    issue_and_announce(registration_ids=ids)
    issue_and_announce(registration_ids=ids)
    assert Certificate.objects.count() == 3
    licence.refresh_from_db()
    assert licence.status == "revoked"
    assert not licence.registration.certificates.filter(status="issued").exists()
    assert len(stored_pdfs()) == 3
    assert len(ready_emails(smtp_server)) == 1  # the first run's only


@pytest.mark.django_db
def test_the_job_run_twice_in_a_row_issues_and_announces_once(smtp_server, issued):
    ids = [c.registration_id for c in issued]
    again = issue_and_announce(registration_ids=ids)
    assert again == [c.verification_code for c in issued]
    assert Certificate.objects.count() == 3
    assert len(ready_emails(smtp_server)) == 1
    assert Delivery.objects.filter(event="certificates_ready").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_job_run_twice_at_once_issues_one_certificate_each_and_one_email(
    applicant, smtp_server, settings
):
    submit_application(application=business_draft(applicant))  # its job waits in the queue
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ids = list(IssuedRegistration.objects.order_by("pk").values_list("pk", flat=True))
    outcomes = twice_at_once(lambda: issue_and_announce(registration_ids=ids))
    assert all(isinstance(codes, list) for codes in outcomes), outcomes
    for registration in IssuedRegistration.objects.all():
        assert list(registration.certificates.values_list("status", flat=True)) == ["issued"]
    assert len(stored_pdfs()) == 3
    assert len(ready_emails(smtp_server)) == 1
    assert Application.objects.get().deliveries.filter(event="certificates_ready").count() == 1


@pytest.mark.django_db
def test_a_reissue_that_does_not_commit_leaves_no_pdf_behind(issued):
    licence = issued[0]
    revoke_certificate(certificate=licence, reason="Issued in error")  # `licence` is stale
    with pytest.raises(NotRevocable):
        reissue_certificate(certificate=licence)
    assert len(stored_pdfs()) == 3
    assert Certificate.objects.count() == 3  # and no pending row either
    stored = {str(c.pdf.name) for c in Certificate.objects.all()}
    root = Path(settings.MEDIA_ROOT)
    assert {str(p.relative_to(root)) for p in stored_pdfs()} == stored

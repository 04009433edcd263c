"""Certificates issued the way the platform issues them: a business registration submitted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dzong.applications.tests.factories import business_draft
from dzong.certificates.models import Certificate
from dzong.workflow.submission import submit_application


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def issued(applicant, immediate_tasks, django_capture_on_commit_callbacks) -> list[Certificate]:
    """The certificates of an approved business registration, issued by the task."""
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_application(application=business_draft(applicant)).application
    return list(Certificate.objects.filter(application=application).order_by("pk"))


def pdf_bytes(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

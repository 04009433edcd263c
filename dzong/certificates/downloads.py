"""A certificate's signed PDF as a download, for the applicant's pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse

from dzong.certificates.models import Certificate
from dzong.downloads import private_download


def pdf_download(certificate: Certificate) -> FileResponse:
    """The signed PDF as an attachment named by its code."""
    filename = f"{certificate.code}-{certificate.verification_code}.pdf"
    return private_download(certificate.pdf, filename, "application/pdf")

"""A certificate's signed PDF as a download, for the applicant's pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse

from dzong.certificates.models import Certificate


def pdf_download(certificate: Certificate) -> FileResponse:
    """The signed PDF as an attachment named by its code; never cached, never run as a page."""
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.code}-{certificate.verification_code}.pdf",
        content_type="application/pdf",
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

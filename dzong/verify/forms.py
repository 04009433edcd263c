"""Forms of the verification pages: a typed code, an uploaded PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dzong.certificates.queries import normalise_code


class CodeForm(forms.Form):
    """A verification code as printed on a certificate."""

    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("It is printed under the QR code, for example 7KQ2-M9XA-3TRW."),
        max_length=40,
        error_messages={"required": _("Enter the verification code.")},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != 14:
            raise forms.ValidationError(_("A verification code has 12 letters and digits."))
        return code


class DocumentForm(forms.Form):
    """A PDF someone was shown, to check."""

    document = forms.FileField(
        label=_("Certificate PDF"),
        help_text=_("The PDF file exactly as you received it."),
        error_messages={"required": _("Choose a PDF file.")},
    )

    def clean_document(self) -> bytes:
        upload: Any = self.cleaned_data["document"]
        if upload.size > settings.DZONG_CERTIFICATE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large to be a certificate."))
        content: bytes = upload.read()
        if not content.startswith(b"%PDF-"):
            raise forms.ValidationError(_("The file is not a PDF."))
        return content

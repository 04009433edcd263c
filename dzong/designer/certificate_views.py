"""The draft's certificates: changed through a form, and seen as specimens printed live."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from dzong.designer.access import designers_only
from dzong.designer.certificate_forms import (
    CertificateForm,
    certificate_from,
    certificate_initial,
    certificate_sources,
    fact_names,
    focus_first_fact,
    new_certificate_initial,
)
from dzong.designer.edit_views import draft_of
from dzong.designer.parts_views import entry_of, with_entry
from dzong.designer.preview_views import _key
from dzong.designer.saving import edit_part, rows_form
from dzong.designer.specimen import specimen_pdf
from dzong.engine.edits import code_from


@designers_only
@xframe_options_sameorigin
def specimen(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """A certificate of the draft as an unsigned PDF marked SPECIMEN, from sample answers.

    The answers typed in the preview are used where there are some. The certificate's page
    shows it in a frame, so this response, and only this one, may be framed by the same site.
    """
    version = draft_of(request, slug)
    service = version.definition
    if code not in service.certificates:
        raise Http404("No such certificate.")
    typed: dict[str, Any] = request.session.get(_key(version), {})
    pdf = specimen_pdf(service, code, typed)
    response = HttpResponse(pdf, content_type="application/pdf")
    how = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{how}; filename="{slug}-{code}-specimen.pdf"'
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response


def issued_by_the_only_registration(document: dict[str, Any], code: str) -> dict[str, Any]:
    """A new certificate is issued by the service's one registration when it issues none yet."""
    registrations = document.get("registrations", [])
    if len(registrations) != 1 or registrations[0].get("certificate"):
        return document
    return {**document, "registrations": [{**registrations[0], "certificate": code}]}


@designers_only
def certificate(
    request: HttpRequest, slug: str, code: str = "", checking: bool = False
) -> HttpResponse:
    """Add or change a certificate: title, validity and facts, with its specimen beside;
    `checking`: only check the unsaved change."""
    version = draft_of(request, slug, checking)
    document = version.document
    entries, kept = entry_of(document, "certificates", code)
    sources = certificate_sources(document)
    initial = (
        certificate_initial(kept, version.revision, sources)
        if code
        else new_certificate_initial(document, version.revision)
    )
    made = partial(CertificateForm, sources=sources, names=fact_names(document))
    form, focus = rows_form(request, made, initial)
    if not code and not focus:
        focus_first_fact(form)

    def changed() -> tuple[dict[str, Any], str]:
        taken = {e["code"] for e in entries}
        new_code = code or code_from(form.cleaned_data["title_en"], taken, separator="-")
        entry = certificate_from(form, code=new_code, kept=kept)
        placed = with_entry(document, "certificates", entries, entry, code)
        if not code:
            placed = issued_by_the_only_registration(placed, new_code)
        return placed, reverse("designer:certificate", args=[slug, new_code]) + "#specimen"

    return edit_part(
        request,
        version,
        form,
        changed=changed,
        said=_("The certificate is saved."),
        template="designer/certificate.html",
        section="certificates",
        part=("certificates", code),
        checking=checking,
        code=code,
        focus=focus,
        heading=_("Change a certificate") if code else _("Add a certificate"),
        printable=code in version.definition.certificates if code else False,
        title=kept.get("title", {}).get("en", ""),
    )

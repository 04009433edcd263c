"""Registrations and messages edited through forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dzong.designer.access import designers_only
from dzong.designer.edit_views import _field_choices, _refresh_revision, _store, draft_of
from dzong.designer.parts_forms import (
    MessageForm,
    RegistrationForm,
    message_from,
    message_initial,
    registration_from,
    registration_initial,
)
from dzong.engine.edits import code_from


@designers_only
def registration(request: HttpRequest, slug: str, code: str = "") -> HttpResponse:
    """Add or change a registration the service grants."""
    version = draft_of(request, slug)
    document = version.document
    entries = [dict(r) for r in document.get("registrations", [])]
    kept = next((r for r in entries if r["code"] == code), None)
    if code and kept is None:
        raise Http404("No such registration.")
    initial = (
        registration_initial(kept, version.revision)
        if kept
        else {"revision": version.revision, "agency": version.service.agency.code}
    )
    form = RegistrationForm(
        request.POST or None,
        initial=initial,
        agencies=[(a["code"], a["name"]["en"]) for a in document.get("agencies", [])],
        certificates=[(c["code"], c["title"]["en"]) for c in document.get("certificates", [])],
        fields=_field_choices(document),
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        new_code = code or code_from(
            form.cleaned_data["name_en"], {r["code"] for r in entries}, separator="-"
        )
        entry = registration_from(form, code=new_code, kept=kept or {})
        changed = dict(document)
        changed["registrations"] = (
            [entry if r["code"] == code else r for r in entries] if code else [*entries, entry]
        )
        errors = _store(request, version, changed, form.cleaned_data["revision"])
        if not errors:
            messages.success(request, _("The registration is saved."))
            return redirect(reverse("designer:draft", args=[slug]) + "#registrations")
        _refresh_revision(form, version)
    context = {
        "service": version.service,
        "form": form,
        "errors": errors or form.error_list(),
        "code": code,
    }
    return render(request, "designer/registration.html", context)


@designers_only
def message(request: HttpRequest, slug: str, number: int = 0) -> HttpResponse:
    """Add or change a message sent to the applicant (number counts from 1)."""
    version = draft_of(request, slug)
    entries: list[dict[str, Any]] = [dict(m) for m in version.document.get("messages", [])]
    if number and not 0 < number <= len(entries):
        raise Http404("No such message.")
    kept = entries[number - 1] if number else {}
    initial = message_initial(kept, version.revision) if number else {"revision": version.revision}
    form = MessageForm(request.POST or None, initial=initial)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        entry = message_from(form, kept=kept)
        changed = dict(version.document)
        if number:
            entries[number - 1] = entry
        else:
            entries.append(entry)
        changed["messages"] = entries
        errors = _store(request, version, changed, form.cleaned_data["revision"])
        if not errors:
            messages.success(request, _("The message is saved."))
            return redirect(reverse("designer:draft", args=[slug]) + "#messages")
        _refresh_revision(form, version)
    context = {
        "service": version.service,
        "form": form,
        "errors": errors or form.error_list(),
        "number": number,
    }
    return render(request, "designer/message.html", context)

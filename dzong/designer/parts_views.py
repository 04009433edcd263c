"""Registrations, messages, documents, choice lists and roles edited through forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.designer import drafting
from dzong.designer.access import designers_only
from dzong.designer.document_forms import (
    ChoiceListForm,
    RequiredDocumentForm,
    RoleForm,
    choice_list_from,
    choice_list_initial,
    required_document_from,
    required_document_initial,
)
from dzong.designer.edit_views import _field_choices, _store, draft_of, section_url
from dzong.designer.forms import text_initial, texts
from dzong.designer.parts_forms import (
    MessageForm,
    RegistrationForm,
    message_from,
    message_initial,
    registration_from,
    registration_initial,
)
from dzong.designer.saving import edit_part, rows_form
from dzong.engine.edits import code_from
from dzong.engine.loader import shared_choice_lists

Document = dict[str, Any]
Entries = list[dict[str, Any]]


def entry_of(document: Document, key: str, code: str) -> tuple[Entries, dict[str, Any]]:
    """The entries of a part of the document, and the one with `code` (404 if it is missing)."""
    entries = [dict(e) for e in document.get(key, [])]
    kept = next((e for e in entries if e["code"] == code), {})
    if code and not kept:
        raise Http404("Nothing with that code.")
    return entries, kept


def with_entry(
    document: Document, key: str, entries: Entries, entry: dict[str, Any], code: str
) -> Document:
    """The document with `entry` in place of the one with `code`, or added at the end."""
    placed = [entry if e["code"] == code else e for e in entries] if code else [*entries, entry]
    return {**document, key: placed}


def _draft_part(slug: str, anchor: str) -> str:
    return section_url(slug, anchor)


def _heading(code: Any, change: str, add: str) -> str:
    return change if code else add


@designers_only
def registration(
    request: HttpRequest, slug: str, code: str = "", checking: bool = False
) -> HttpResponse:
    """Add or change a registration the service grants."""
    version = draft_of(request, slug, checking)
    document = version.document
    entries, kept = entry_of(document, "registrations", code)
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
        answers=drafting.answers(document),
    )

    def changed() -> tuple[Document, str]:
        taken = {r["code"] for r in entries}
        new_code = code or code_from(form.cleaned_data["name_en"], taken, separator="-")
        entry = registration_from(form, code=new_code, kept=kept)
        placed = with_entry(document, "registrations", entries, entry, code)
        return placed, _draft_part(slug, "registrations")

    return edit_part(
        request,
        version,
        form,
        changed=changed,
        said=_("The registration is saved."),
        template="designer/registration.html",
        section="registrations",
        part=("registrations", code),
        checking=checking,
        code=code,
        heading=_heading(code, _("Change a registration"), _("Add a registration")),
    )


@designers_only
def message(
    request: HttpRequest, slug: str, number: int = 0, checking: bool = False
) -> HttpResponse:
    """Add or change a message sent to the applicant (number counts from 1)."""
    version = draft_of(request, slug, checking)
    entries: Entries = [dict(m) for m in version.document.get("messages", [])]
    if number and not 0 < number <= len(entries):
        raise Http404("No such message.")
    kept = entries[number - 1] if number else {}
    initial = message_initial(kept, version.revision) if number else {"revision": version.revision}
    form = MessageForm(request.POST or None, initial=initial)

    def changed() -> tuple[Document, str]:
        entry = message_from(form, kept=kept)
        if number:
            entries[number - 1] = entry
        else:
            entries.append(entry)
        return {**version.document, "messages": entries}, _draft_part(slug, "messages")

    return edit_part(
        request,
        version,
        form,
        changed=changed,
        said=_("The message is saved."),
        template="designer/message.html",
        section="messages",
        part=("messages", number),
        checking=checking,
        number=number,
        heading=_heading(number, _("Change a message"), _("Add a message")),
    )


def file_fields(document: Document, code: str) -> list[dict[str, Any]]:
    """The file questions that ask for the document `code`."""
    return [
        field
        for page in document.get("pages", [])
        for field in page.get("fields", [])
        if field.get("type") == "file" and field.get("document") == code
    ]


@designers_only
def required_document(
    request: HttpRequest, slug: str, code: str = "", checking: bool = False
) -> HttpResponse:
    """Add or change a document applicants upload."""
    version = draft_of(request, slug, checking)
    document = version.document
    entries, kept = entry_of(document, "documents", code)
    initial = (
        required_document_initial(kept, version.revision)
        if code
        else {"revision": version.revision, "accept": ["application/pdf"], "max_size_mb": 5}
    )
    form = RequiredDocumentForm(request.POST or None, initial=initial)

    def changed() -> tuple[Document, str]:
        taken = {e["code"] for e in entries}
        new_code = code or code_from(form.cleaned_data["name_en"], taken, separator="-")
        entry = required_document_from(form, code=new_code, kept=kept)
        return with_entry(document, "documents", entries, entry, code), _draft_part(
            slug, "documents"
        )

    return edit_part(
        request,
        version,
        form,
        changed=changed,
        said=_("The document is saved."),
        template="designer/required_document.html",
        section="documents",
        part=("documents", code),
        checking=checking,
        code=code,
        heading=_heading(code, _("Change a document"), _("Add a document")),
        used_by=file_fields(document, code) if code else [],
    )


@designers_only
@require_POST
def remove_document(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Remove a document no question asks for."""
    version = draft_of(request, slug)
    document = version.document
    entries, kept = entry_of(document, "documents", code)
    if not kept:
        raise Http404("No such document.")
    used_by = file_fields(document, code)
    if used_by:
        questions = ", ".join(f"'{field['label']['en']}'" for field in used_by)
        messages.error(
            request,
            _(
                "The document '%(document)s' cannot be removed: the question %(questions)s asks "
                "for it. Change or remove that question first."
            )
            % {"document": kept["name"]["en"], "questions": questions},
        )
        return redirect("designer:required_document", slug=slug, code=code)
    changed = {**document, "documents": [e for e in entries if e["code"] != code]}
    if not changed["documents"]:
        del changed["documents"]
    try:
        revision = int(request.POST.get("revision", "0"))
    except ValueError as error:
        raise Http404("No revision.") from error
    problems = _store(request, version, changed, revision)
    for problem, _target in problems:
        messages.error(request, problem)
    if problems:
        return redirect("designer:required_document", slug=slug, code=code)
    messages.success(request, _("The document is removed."))
    return redirect(_draft_part(slug, "documents"))


@designers_only
def choice_list(
    request: HttpRequest, slug: str, code: str = "", checking: bool = False
) -> HttpResponse:
    """Add or change a choice list of the service, its options added, removed and moved."""
    version = draft_of(request, slug, checking)
    document = version.document
    entries, kept = entry_of(document, "choice_lists", code)
    form, focus = rows_form(request, ChoiceListForm, choice_list_initial(kept, version.revision))

    def changed() -> tuple[Document, str]:
        taken = {e["code"] for e in entries} | set(shared_choice_lists())
        new_code = code or code_from(form.cleaned_data["label_en"], taken, separator="-")
        entry = choice_list_from(form, code=new_code)
        placed = with_entry(document, "choice_lists", entries, entry, code)
        return placed, _draft_part(slug, "choice-lists")

    return edit_part(
        request,
        version,
        form,
        changed=changed,
        said=_("The choice list is saved."),
        template="designer/choice_list.html",
        section="questions",
        part=("choice_lists", code),
        checking=checking,
        code=code,
        focus=focus,
        heading=_heading(code, _("Change a choice list"), _("Add a choice list")),
    )


@designers_only
def role(request: HttpRequest, slug: str, code: str = "", checking: bool = False) -> HttpResponse:
    """Add or change a role that acts on the workflow's steps."""
    version = draft_of(request, slug, checking)
    document = version.document
    entries, kept = entry_of(document, "roles", code)
    initial = {
        "revision": version.revision,
        "agency": kept.get("agency", version.service.agency.code),
        **text_initial(kept, "name"),
    }
    agencies = [(a["code"], a["name"]["en"]) for a in document.get("agencies", [])]
    form = RoleForm(request.POST or None, initial=initial, agencies=agencies)

    def changed() -> tuple[Document, str]:
        data = form.cleaned_data
        new_code = code or code_from(data["name_en"], {e["code"] for e in entries}, separator="-")
        entry = {"code": new_code, "agency": data["agency"], "name": texts(data, "name")}
        return with_entry(document, "roles", entries, entry, code), _draft_part(slug, "roles")

    return edit_part(
        request,
        version,
        form,
        changed=changed,
        said=_("The role is saved."),
        template="designer/role.html",
        section="workflow",
        part=("roles", code),
        checking=checking,
        code=code,
        heading=_heading(code, _("Change a role"), _("Add a role")),
    )

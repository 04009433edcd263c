"""The question library: copy questions, with their rules, from the agency's services into a
draft, and add questions that offer a shared list (the Dzongkhags) by its name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dzong.catalogue.models import Service, ServiceVersion
from dzong.catalogue.services import StaleDraft, VersionFrozen, save_draft
from dzong.designer.access import designers_only
from dzong.designer.edit_views import draft_of
from dzong.designer.library_forms import CopyQuestionsForm, SharedListForm
from dzong.engine.edits import Document, EditError
from dzong.engine.errors import DefinitionError
from dzong.engine.library import copy_questions, rules_of, shared_list_question, top_level_questions
from dzong.engine.loader import shared_choice_lists
from dzong.office.screen import language


@dataclass(frozen=True)
class Shelf:
    """One service's questions as the library offers them."""

    title: str
    questions: list[tuple[str, str, str, bool]]  # value, label, kind, has rules


@designers_only
@require_http_methods(["GET", "POST"])
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """The questions of the agency's services to copy, and the shared lists by name."""
    draft = draft_of(request, slug)
    sources = _sources(request, draft)
    pages = [(p["code"], _text(p["title"])) for p in draft.document.get("pages", [])]
    lists = [
        (code, f"{_text_of(shared.label) or code} ({len(shared.options)})")
        for code, shared in shared_choice_lists().items()
    ]
    choices = [
        (value, label) for _, shelf in sources.items() for value, label, *_r in shelf.questions
    ]
    posted = request.POST if request.method == "POST" else None
    kind = request.POST.get("kind")
    initial = {"revision": draft.revision}
    copying = CopyQuestionsForm(
        posted if kind == "copy" else None, questions=choices, pages=pages, initial=initial
    )
    sharing = SharedListForm(
        posted if kind == "shared" else None, lists=lists, pages=pages, initial=initial
    )
    errors: list[tuple[str, str]] = []
    form = copying if kind == "copy" else sharing if kind == "shared" else None
    if form is not None and form.is_valid():
        try:
            document, done = _changed(request, draft, form)
        except (EditError, DefinitionError) as error:
            errors = [(str(error), "main-content")]
        else:
            errors = _save(draft, document, form.cleaned_data["revision"])
            if not errors:
                messages.success(request, done)
                return redirect("designer:draft", slug=slug)
    elif form is not None:
        errors = form.error_list()
    context = {
        "service": draft.service,
        "service_title": draft.definition.title.get(language()),
        "shelves": list(sources.values()),
        "copying": copying,
        "sharing": sharing,
        "errors": errors,
        "chosen": set(copying["questions"].value() or []),
    }
    return render(request, "designer/library.html", context)


def _text(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value or "")
    return str((value.get("dz") if language() == "dz" else None) or value.get("en", ""))


def _text_of(value: Any) -> str:
    return value.get(language()) if value is not None else ""


def _sources(request: HttpRequest, draft: ServiceVersion) -> dict[str, Shelf]:
    """The latest version of each service of the draft's agency, with its questions."""
    found = Service.objects.designed_by(request.user).filter(agency=draft.service.agency)
    shelves = {}
    for service in found.order_by("slug"):
        version = service.versions.order_by("-number").first()
        if version is None:
            continue
        questions = [
            (
                f"{service.slug}:{q['code']}",
                _text(q.get("label")),
                str(q.get("type")),
                bool(rules_of(q)),
            )
            for _, q in top_level_questions(version.document)
        ]
        title = _text(version.document.get("title")) or service.slug
        shelves[service.slug] = Shelf(title=title, questions=questions)
    return shelves


def _changed(
    request: HttpRequest, draft: ServiceVersion, form: CopyQuestionsForm | SharedListForm
) -> tuple[Document, str]:
    data = form.cleaned_data
    if isinstance(form, SharedListForm):
        label = {"en": data["label_en"], "dz": data["label_dz"]}
        added, _code = shared_list_question(
            draft.document, list_code=data["shared_list"], page_code=data["list_page"], label=label
        )
        return added, _("The question was added.")
    document: Document = dict(draft.document)
    copied: list[str] = []
    by_service: dict[str, list[str]] = {}
    for value in data["questions"]:
        slug, _colon, code = value.partition(":")
        by_service.setdefault(slug, []).append(code)
    for slug, codes in by_service.items():
        source = _latest(request, draft, slug)
        document, codes_now = copy_questions(
            document, source.document, codes=codes, page_code=data["page"]
        )
        copied += codes_now
    return document, _("Questions copied: %(count)s.") % {"count": len(copied)}


def _latest(request: HttpRequest, draft: ServiceVersion, slug: str) -> ServiceVersion:
    """The latest version of a service of the draft's agency that the designer designs."""
    found = (
        ServiceVersion.objects.filter(
            service__slug=slug,
            service__agency=draft.service.agency,
            service__in=Service.objects.designed_by(request.user),
        )
        .order_by("-number")
        .first()
    )
    if found is None:
        raise EditError(_("That service is not one of your agency's."))
    return found  # type: ignore[no-any-return]


def _save(draft: ServiceVersion, document: Document, revision: int) -> list[tuple[str, str]]:
    try:
        save_draft(version=draft, document=document, revision=revision)
    except StaleDraft:
        return [(_("Someone else saved this draft meanwhile: look at it again."), "main-content")]
    except VersionFrozen:
        return [(_("This version is published and cannot change."), "main-content")]
    except DefinitionError as error:
        return [(str(problem), "main-content") for problem in error.problems]
    return []

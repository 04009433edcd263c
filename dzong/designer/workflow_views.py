"""Editing the workflow without code: its steps as forms, and the diagram they make."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.catalogue.models import ServiceVersion
from dzong.designer import checks, drafting
from dzong.designer.access import designers_only
from dzong.designer.diagram import layout, levels
from dzong.designer.edit_views import _field_choices, _refresh_revision, _store, draft_of
from dzong.designer.workflow_forms import SPARE_ACTIONS, StepForm, step_from, step_initial
from dzong.engine.edits import code_from

Document = dict[str, Any]


def _steps(document: Document) -> list[dict[str, Any]]:
    return list((document.get("workflow") or {}).get("steps", []))


def _form(request: HttpRequest, version: ServiceVersion, code: str) -> StepForm:
    document = version.document
    steps = _steps(document)
    existing = next((s for s in steps if s["code"] == code), None)
    if code and existing is None:
        raise Http404("No such step.")
    start = (document.get("workflow") or {}).get("start")
    initial = (
        step_initial(existing, first=start == code, revision=version.revision)
        if existing
        else {"revision": version.revision, "type": "human", "outcome": "approved"}
    )
    rows = len((existing or {}).get("actions", [])) + SPARE_ACTIONS
    return StepForm(
        request.POST or None,
        initial=initial,
        roles=[(r["code"], r["name"]["en"]) for r in document.get("roles", [])],
        steps=[(s["code"], s["name"]["en"]) for s in steps if s["code"] != code],
        fields=_field_choices(document),
        answers=drafting.answers(document),
        action_rows=rows,
    )


def _with_step(document: Document, form: StepForm, code: str) -> Document:
    """The document with the form's step in place of `code` (or added at the end)."""
    changed = dict(document)
    workflow = dict(changed.get("workflow") or {})
    steps = _steps(changed)
    new_code = code or code_from(
        form.cleaned_data["name_en"], {s["code"] for s in steps}, separator="-"
    )
    step = step_from(form, code=new_code)
    steps = [step if s["code"] == code else s for s in steps] if code else [*steps, step]
    workflow["steps"] = steps
    if form.cleaned_data.get("first") or not workflow.get("start"):
        workflow["start"] = new_code
    changed["workflow"] = workflow
    return changed


@designers_only
def step(request: HttpRequest, slug: str, code: str = "", checking: bool = False) -> HttpResponse:
    """Add or change a workflow step; "Show in the diagram" draws it without saving.

    `checking`: only check the unsaved step.
    """
    version = draft_of(request, slug, checking)
    form = _form(request, version, code)
    errors: list[tuple[str, str]] = []
    drawn = version.document
    if request.method == "POST" and form.is_valid():
        changed = _with_step(version.document, form, code)
        if checking:
            part = checks.part_of(version.document, changed, "step", code)
            return checks.respond(request, version, changed, parts=[part])
        if "show" in request.POST:
            drawn = changed
        else:
            errors = _store(request, version, changed, form.cleaned_data["revision"])
            if not errors:
                messages.success(request, _("The step is saved."))
                return redirect(reverse("designer:workflow", args=[slug]))
            _refresh_revision(form, version)
    if checking:
        return checks.form_errors(request, form.error_list())
    context = {
        "service": version.service,
        "form": form,
        "errors": errors or form.error_list(),
        "code": code,
        "diagram": layout(drawn, get_language() or "en"),
        "listed": listed_steps(drawn),
        "unsaved": drawn is not version.document,
    }
    return render(request, "designer/step.html", context)


def listed_steps(document: Document) -> list[dict[str, Any]]:
    """The diagram's content as a list: each step, its kind and where each way out leads."""
    steps = _steps(document)
    names = {s["code"]: s["name"]["en"] for s in steps}
    level = levels(steps, str((document.get("workflow") or {}).get("start", "")))
    listed = []
    for item in steps:
        ways = []
        for label, target, back in _ways(item):
            earlier = target in level and level[target] < level[item["code"]]
            ways.append((label, names.get(target, target), back, earlier))
        listed.append({**item, "ways": ways})
    return listed


def _ways(step: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(label, target, sends back to the applicant) of each way out of a step."""
    ways = [
        (str(a["label"]["en"]), str(a.get("to") or ""), bool(a.get("send_back")))
        for a in step.get("actions", [])
    ]
    for key, label in (("if_true", _("if the rule holds")), ("if_false", _("otherwise"))):
        if step.get(key):
            ways.append((label, str(step[key]), False))
    return ways


@designers_only
def workflow(request: HttpRequest, slug: str) -> HttpResponse:
    """The workflow: its diagram, its steps as a list, and links to change each."""
    version = draft_of(request, slug)
    document = version.document
    context = {
        "service": version.service,
        "version": version,
        "start": (document.get("workflow") or {}).get("start"),
        "diagram": layout(document, get_language() or "en"),
        "listed": listed_steps(document),
        "roles": {r["code"]: r["name"]["en"] for r in document.get("roles", [])},
    }
    return render(request, "designer/workflow.html", context)


@designers_only
@require_POST
def remove_step(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Remove a step no other step leads to, and that is not the first."""
    version = draft_of(request, slug)
    document = dict(version.document)
    workflow = dict(document.get("workflow") or {})
    steps = _steps(document)
    if code not in {s["code"] for s in steps}:
        raise Http404("No such step.")
    leading = [s for s in steps if code in _targets(s) and s["code"] != code]
    if workflow.get("start") == code or leading:
        messages.error(
            request,
            _("This step cannot be removed while it is the first step or other steps lead to it."),
        )
        return redirect("designer:workflow", slug=slug)
    workflow["steps"] = [s for s in steps if s["code"] != code]
    document["workflow"] = workflow
    try:
        revision = int(request.POST.get("revision", "0"))
    except ValueError as error:
        raise Http404("No revision.") from error
    for message, _target in _store(request, version, document, revision):
        messages.error(request, message)
    return redirect("designer:workflow", slug=slug)


def _targets(step: dict[str, Any]) -> set[str]:
    found = {a.get("to") for a in step.get("actions", [])}
    return {t for t in (*found, step.get("if_true"), step.get("if_false")) if t}

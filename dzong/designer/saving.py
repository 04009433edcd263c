"""What every form of the designer does with a valid change: save it, or say why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dzong.catalogue.models import ServiceVersion
from dzong.designer import checks
from dzong.designer.edit_views import _refresh_revision, _store
from dzong.designer.rows import RowsForm, rearranged

Errors = list[tuple[str, str]]
Form = TypeVar("Form", bound=RowsForm)


def save_part(
    request: HttpRequest,
    version: ServiceVersion,
    form: Any,
    document: dict[str, Any],
    *,
    said: str,
    then: str,
) -> HttpResponse | Errors:
    """Save the changed document and go to `then`; or the problems, the form kept as typed."""
    errors = _store(request, version, document, form.cleaned_data["revision"])
    if errors:
        _refresh_revision(form, version)
        return errors
    messages.success(request, said)
    return redirect(then)


def rows_form(
    request: HttpRequest, make: Callable[..., Form], initial: dict[str, Any]
) -> tuple[Form, str]:
    """The form as posted, or rearranged by a row button (then unbound) and the id to focus."""
    form = make(request.POST or None, initial=initial)
    operation = request.POST.get("op", "") if request.method == "POST" else ""
    if not operation:
        return form, ""
    try:
        shown, focus = rearranged(form, operation)
    except ValueError as error:
        raise Http404("No such row.") from error
    form = make(initial=shown)
    if focus.startswith("id_"):
        form.fields[focus.removeprefix("id_")].widget.attrs["autofocus"] = True
    return form, focus


def edit_part(
    request: HttpRequest,
    version: ServiceVersion,
    form: Any,
    *,
    changed: Callable[[], tuple[dict[str, Any], str]],
    said: str,
    template: str,
    part: tuple[str, str | int],
    checking: bool = False,
    **context: Any,
) -> HttpResponse:
    """A part's page: a valid form saved (`changed` gives the document and where to go next),
    or the form shown again with its problems and what was typed.

    `part`: the kind of part and its code (none: a new one). `checking`: the change is only
    checked, in memory, and the checks of that part are the answer; nothing is saved.
    """
    errors: Errors = []
    if form.is_bound and form.is_valid():
        document, then = changed()
        if checking:
            kind, code = part
            where = checks.part_of(version.document, document, kind, str(code or ""))
            return checks.respond(request, version, document, parts=[where])
        saved = save_part(request, version, form, document, said=said, then=then)
        if isinstance(saved, HttpResponse):
            return saved
        errors = saved
    if checking:
        return checks.form_errors(request, form.error_list() if form.is_bound else [])
    shown = errors or (form.error_list() if form.is_bound else [])
    return render(
        request, template, {"service": version.service, "form": form, "errors": shown, **context}
    )

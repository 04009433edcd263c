"""The back office: the queue, the application screen and the actions on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from dzong.accounts.models import User
from dzong.applications.models import Application, Attachment
from dzong.centres.presenters import consent_of
from dzong.engine.workflow import WorkflowError
from dzong.office import queue as office_queue
from dzong.office.forms import ActionForm, NoteForm, VersionForm, reason_needed
from dzong.office.screen import field_choices, screen
from dzong.web.staff_access import staff_only
from dzong.workflow.models import Task
from dzong.workflow.queries import applications_visible_to, is_supervisor
from dzong.workflow.services import (
    NotAllowed,
    ReasonRequired,
    TaskChanged,
    act_on_task,
    add_note,
    assign_task,
    claim_task,
    record_read,
)


@staff_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The officer's tasks, filtered, sorted by due date, with counts per status."""
    filters = office_queue.Filters.read(request.GET)
    tasks = office_queue.filtered(request.user, filters)
    page = max(1, _int(request.GET.get("page"), 1))
    services, steps = office_queue.choices(request.user)
    context = {
        "filters": filters,
        "rows": office_queue.rows(tasks, page),
        "counts": office_queue.counts(request.user),
        "services": services,
        "steps": steps,
        "page": page,
        "more": tasks[page * office_queue.PAGE_SIZE : page * office_queue.PAGE_SIZE + 1].exists(),
    }
    return render(request, "office/queue.html", context)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _visible(request: HttpRequest, reference: str) -> Application:
    found: Application | None = (
        applications_visible_to(request.user)
        .select_related("service_version__service")
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404("No such application.")
    return found


def _task(request: HttpRequest, pk: int) -> Task:
    found: Task | None = (
        Task.objects.visible_to(request.user).select_related("application").filter(pk=pk).first()
    )
    if found is None:
        raise Http404("No such task.")
    return found


@staff_only
@require_GET
def application(request: HttpRequest, reference: str) -> HttpResponse:
    """The application on one screen; the read is recorded."""
    found = _visible(request, reference)
    record_read(application=found, staff=request.user, what="application")
    context = screen(found, request.user)
    context["consent"] = consent_of(found, "dz" if get_language() == "dz" else "en")
    return render(request, "office/application.html", context)


@staff_only
@require_GET
@xframe_options_sameorigin
def attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A document, shown in the page; only to staff who may see the application."""
    found = _visible(request, reference)
    file: Attachment | None = found.attachments.filter(pk=pk).first()
    if file is None:
        raise Http404("No such file.")
    record_read(application=found, staff=request.user, what=f"file {file.pk}")
    response = FileResponse(
        file.file.open("rb"), filename=file.name, content_type=file.content_type
    )
    response.headers["Content-Disposition"] = "inline"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@staff_only
@require_POST
def note(request: HttpRequest, reference: str) -> HttpResponse:
    """Add an internal note."""
    found = _visible(request, reference)
    form = NoteForm(request.POST)
    if form.is_valid():
        add_note(application=found, staff=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
        return redirect("office:application", found.reference)
    return _again(request, found, {"note_error": _("Write the note"), "status": 400})


def _again(request: HttpRequest, found: Application, extra: dict[str, Any]) -> HttpResponse:
    """The application screen again, with a message and what the officer typed."""
    status = extra.pop("status")
    context = {**screen(found, request.user), **extra, "typed": request.POST}
    return render(request, "office/application.html", context, status=status)


@staff_only
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, reject, send back or forward, as the step allows."""
    task = _task(request, pk)
    found = task.application
    form = ActionForm(request.POST, field_choices=field_choices(found))
    if not form.is_valid():
        return _again(request, found, {"action_error": _("Choose an action."), "status": 400})
    data = form.cleaned_data
    try:
        act_on_task(
            task=task,
            version=data["version"],
            staff=request.user,
            action=data["action"],
            reason=data["reason"],
            fields=data["marked"],
        )
    except TaskChanged:
        return _again(request, found, {"action_error": _changed(), "status": 409})
    except ReasonRequired:
        return _again(
            request, found, {"action_error": reason_needed(data["action"]), "status": 400}
        )
    except (NotAllowed, WorkflowError):
        return _again(request, found, {"action_error": _not_allowed(), "status": 403})
    messages.success(request, _("Done: %(reference)s.") % {"reference": found.reference})
    return redirect("office:queue")


def _changed() -> str:
    return _(
        "Someone else acted on this task first, so nothing was changed. "
        "Read the application again; what you typed is kept below."
    )


def _not_allowed() -> str:
    return _("You cannot take this action on this task.")


@staff_only
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a task from the shared pool."""
    task = _task(request, pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise TaskChanged(pk)
        claim_task(task=task, version=form.cleaned_data["version"], staff=request.user)
        messages.success(request, _("The task is yours."))
    except TaskChanged:
        messages.error(request, _("Someone else took this task first."))
    except NotAllowed:
        messages.error(request, _not_allowed())
    return redirect("office:application", task.application.reference)


@staff_only
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor gives the task to a member of the agency's staff, or back to the pool."""
    task = _task(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid() or not is_supervisor(request.user, task.agency):
        raise Http404("No such task.")
    assignee = User.objects.filter(pk=form.cleaned_data["assignee"], is_staff=True).first()
    try:
        assign_task(
            task=task,
            version=form.cleaned_data["version"],
            supervisor=request.user,
            assignee=assignee,
        )
        messages.success(request, _("Task assigned."))
    except TaskChanged:
        messages.error(request, _("Someone else changed this task first."))
    except NotAllowed:
        messages.error(request, _not_allowed())
    return redirect("office:application", task.application.reference)

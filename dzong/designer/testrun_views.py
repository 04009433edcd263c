"""Test runs of a draft: the designer applies through the real form, acts in every role of
the workflow, opens the certificates, and removes the run. Nothing of it counts anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dzong.applications.models import Application
from dzong.applications.removal import remove_test_run
from dzong.applications.services import form_for, start_application
from dzong.catalogue.models import Service, ServiceVersion
from dzong.designer import checks
from dzong.designer.access import designers_only
from dzong.designer.edit_views import draft_of
from dzong.downloads import private_download
from dzong.engine.definition import Action
from dzong.engine.form import Form
from dzong.engine.workflow import WorkflowError, find_step
from dzong.office.forms import ActionForm, reason_needed
from dzong.office.screen import due_date, field_choices, language, moment, step_name, timeline
from dzong.portal.answer_summary import AnswerSummary, stored_fee_lines
from dzong.workflow.models import Task
from dzong.workflow.services import (
    NotAllowed,
    ReasonRequired,
    TaskChanged,
    act_on_task,
    open_correction,
)


@dataclass(frozen=True)
class RoleTask:
    """An open task of the test run, with the role the designer acts in and its actions."""

    task: Task
    step: str
    role: str
    due: str
    actions: tuple[Action, ...]


def _test_run(request: HttpRequest, reference: str) -> Application:
    """A test run of a draft of a service the user designs; 404 for anything else."""
    found: Application | None = (
        Application.objects.test_runs()
        .with_service()
        .filter(
            reference=reference,
            service_version__status=ServiceVersion.Status.DRAFT,
            service_version__service__in=Service.objects.designed_by(request.user),
        )
        .first()
    )
    if found is None:
        raise Http404("No such test run.")
    return found


@designers_only
@require_http_methods(["GET", "POST"])
def test_runs(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft's test runs; a new one is started and its form's first page shown."""
    version = draft_of(request, slug)
    if request.method == "POST":
        return _start(request, version)
    runs = version.applications.test_runs().select_related("applicant").order_by("-created_at")
    rows = [(run, moment(run.created_at)) for run in runs]
    context = {"service": version.service, "version": version, "runs": rows}
    return render(request, "designer/test_runs/list.html", context)


def _start(request: HttpRequest, version: ServiceVersion) -> HttpResponse:
    if checks.stops_trying(version.document):
        messages.error(request, _("Fix the problems listed before starting a test run."))
        return redirect("designer:draft", slug=version.service.slug)
    first = Form(version.definition, language=language()).next_page(None, {})
    if first is None:
        raise Http404("This draft asks nothing.")
    run = start_application(
        version=version, applicant=request.user, language=language(), is_test=True
    )
    return redirect("portal:page", run.reference, first.code)


@designers_only
def test_run(request: HttpRequest, reference: str) -> HttpResponse:
    """One test run: where it stands, the tasks to act on in every role, its certificates."""
    return _render(request, _test_run(request, reference), {})


def _render(
    request: HttpRequest, run: Application, extra: dict[str, Any], status: int = 200
) -> HttpResponse:
    lang = language()
    service = run.definition
    context = {
        "run": run,
        "service": run.service_version.service,
        "title": service.title.get(lang),
        "step": step_name(service, run.step) if run.step else "",
        "mine": run.applicant_id == request.user.pk,
        "continue_url": _continue_url(run),
        "sections": AnswerSummary(form_for(run, language=lang), run, editable=False).sections(),
        "fees": stored_fee_lines(run, lang),
        "tasks": role_tasks(run),
        "field_choices": field_choices(run),
        "correction": open_correction(run),
        "issued": list(run.registrations.all()),
        "certificates": [(c, c.title(lang)) for c in run.certificates.ready().order_by("pk")],
        "timeline": timeline(run),
        **extra,
    }
    return render(request, "designer/test_runs/run.html", context, status=status)


def _continue_url(run: Application) -> str:
    """Where the designer, as the applicant, goes on filling the form."""
    if not run.is_draft:
        return reverse("portal:corrections", args=[run.reference])
    if run.last_page:
        return reverse("portal:check", args=[run.reference])
    first = form_for(run).next_page(None, run.answers)
    return reverse("portal:page", args=[run.reference, first.code]) if first else ""


def role_tasks(run: Application) -> list[RoleTask]:
    """The run's open tasks, each with every action its step allows (any role may act)."""
    service = run.definition
    roles = {role.code: role.name.get(language()) for role in service.roles}
    shown = []
    for task in run.tasks.filter(status=Task.Status.OPEN).order_by("pk"):
        step = find_step(service, task.step)
        if step is not None:
            role = roles.get(task.role, task.role)
            shown.append(
                RoleTask(task, step.name.get(language()), role, due_date(task.due_at), step.actions)
            )
    return shown


@designers_only
@require_POST
def act(request: HttpRequest, reference: str, task: int) -> HttpResponse:
    """Take an action of a human step of the test run, as whoever holds its role would."""
    run = _test_run(request, reference)
    found: Task | None = run.tasks.filter(pk=task).first()
    if found is None:
        raise Http404("No such task.")
    form = ActionForm(request.POST, field_choices=field_choices(run))
    if not form.is_valid():
        return _again(request, run, _("Choose an action."), 400)
    data = form.cleaned_data
    try:
        act_on_task(
            task=found,
            version=data["version"],
            staff=request.user,
            action=data["action"],
            reason=data["reason"],
            fields=data["marked"],
            test_run=True,
        )
    except TaskChanged:
        return _again(request, run, _("This task was acted on already. Look again."), 409)
    except ReasonRequired:
        return _again(request, run, reason_needed(data["action"]), 400)
    except (NotAllowed, WorkflowError):
        return _again(request, run, _("This action is not allowed at this step."), 403)
    return redirect("designer:test_run", run.reference)


def _again(request: HttpRequest, run: Application, error: str, status: int) -> HttpResponse:
    """The test run again, with what went wrong and what the designer typed."""
    return _render(request, run, {"action_error": error, "typed": request.POST}, status)


@designers_only
def certificate(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A certificate of the test run, marked TEST / SPECIMEN and unsigned, as a PDF."""
    run = _test_run(request, reference)
    found = run.certificates.ready().filter(pk=pk).first()
    if found is None:
        raise Http404("No such certificate.")
    return private_download(found.pdf, f"TEST-{found.code}-{run.reference}.pdf", "application/pdf")


@designers_only
@require_POST
def remove(request: HttpRequest, reference: str) -> HttpResponse:
    """Remove the test run with its files, registrations and certificates."""
    run = _test_run(request, reference)
    slug = run.service_version.service.slug
    remove_test_run(application=run)
    messages.success(request, _("Test run %(reference)s was removed.") % {"reference": reference})
    return redirect("designer:test_runs", slug=slug)

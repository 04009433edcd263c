"""The designer's services and versions: list, create, publish, compare, export, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.accounts.models import StaffRole
from dzong.applications.removal import remove_test_runs_of
from dzong.catalogue.models import Agency, Service, ServiceVersion
from dzong.catalogue.services import (
    DraftExists,
    VersionFrozen,
    create_service,
    import_definition,
    publish_version,
    republish_version,
    start_draft,
)
from dzong.designer import checks
from dzong.designer.access import designer_agencies, designers_only, service_for
from dzong.designer.forms import ImportForm, NewServiceForm, texts
from dzong.engine.diff import compare, describe
from dzong.engine.edits import new_definition, retarget
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import dump_json, dump_yaml, parse_text

TEMPLATE_DIR = Path(settings.BASE_DIR).parent / "demo" / "services"


def _templates() -> dict[str, Path]:
    return {path.stem: path for path in sorted(TEMPLATE_DIR.glob("*.yaml"))}


def _problem_list(error: DefinitionError) -> list[tuple[str, str]]:
    return [(str(problem), "main-content") for problem in error.problems]


@designers_only
def services(request: HttpRequest) -> HttpResponse:
    """The services of the designer's agencies, each with its versions."""
    found = Service.objects.designed_by(request.user).select_related("agency")
    rows = [(service, list(service.versions.all())) for service in found]
    return render(request, "designer/services.html", {"rows": rows})


def _starts(request: HttpRequest) -> list[tuple[str, str]]:
    starts = [("blank", _("An empty service"))]
    for name, path in _templates().items():
        title = parse_text(path.read_text(encoding="utf-8")).content["title"]["en"]
        starts.append((f"template:{name}", _("The template '%(title)s'") % {"title": title}))
    for service in Service.objects.designed_by(request.user):
        starts.append((f"copy:{service.slug}", _("A copy of %(slug)s") % {"slug": service.slug}))
    return starts


@designers_only
def new_service(request: HttpRequest) -> HttpResponse:
    """Create a service from nothing, from a template or as a copy of another."""
    agencies = designer_agencies(request.user)
    form = NewServiceForm(request.POST or None, starts=_starts(request), agencies=agencies)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        agency = agencies.get(code=form.cleaned_data["agency"])
        try:
            version = create_service(agency=agency, document=_start_document(request, form, agency))
        except DefinitionError as error:
            errors = _problem_list(error)
        else:
            messages.success(request, _("The service was created as a draft."))
            return redirect("designer:draft", slug=version.service.slug)
    errors = errors or [(str(m), f"id_{n}") for n, ms in form.errors.items() for m in ms]
    return render(request, "designer/new.html", {"form": form, "errors": errors})


def _start_document(request: HttpRequest, form: NewServiceForm, agency: Agency) -> dict[str, Any]:
    data = form.cleaned_data
    title = {"en": data["title_en"], **({"dz": data["title_dz"]} if data["title_dz"] else {})}
    names = {"en": agency.name_en, **({"dz": agency.name_dz} if agency.name_dz else {})}
    kind, _colon, name = data["start"].partition(":")
    if kind == "blank":
        first_page = texts(data, "first_page")
        return new_definition(
            slug=data["slug"],
            agency=agency.code,
            agency_name=names,
            title=title,
            first_page=first_page,
        )
    if kind == "template":
        source = parse_text(_templates()[name].read_text(encoding="utf-8")).content
    else:
        original = service_for(request, name).versions.order_by("-number").first()
        source = dict(original.document) if original else {}
    copied = retarget(source, slug=data["slug"], agency=agency.code, agency_name=names)
    return {**copied, "title": title}


@designers_only
def service(request: HttpRequest, slug: str) -> HttpResponse:
    """A service's versions: publish the draft, start one, go back, compare, export."""
    found = service_for(request, slug)
    versions = list(found.versions.order_by("-number"))
    context = {"service": found, "versions": versions, "changes": None}
    numbers = [v.number for v in versions]
    old, new = request.GET.get("old"), request.GET.get("new")
    if old and new:
        context.update(_comparison(versions, old, new))
    elif len(numbers) > 1:
        context.update({"old": numbers[1], "new": numbers[0]})
    context["draft"] = next((v for v in versions if not v.is_frozen), None)
    context["live"] = next(
        (v for v in versions if v.status == ServiceVersion.Status.PUBLISHED), None
    )
    return render(request, "designer/service.html", context)


def _comparison(versions: list[ServiceVersion], old: str, new: str) -> dict[str, Any]:
    by_number = {str(v.number): v for v in versions}
    if old not in by_number or new not in by_number:
        raise Http404("No such version.")
    changes = compare(by_number[old].document, by_number[new].document)
    language = "dz" if get_language() == "dz" else "en"
    return {"old": int(old), "new": int(new), "changes": [describe(c, language) for c in changes]}


def _version(request: HttpRequest, slug: str, number: int) -> ServiceVersion:
    return get_object_or_404(service_for(request, slug).versions, number=number)


@designers_only
def publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Publish a draft once the designer has seen what changes and who will act on it."""
    version = _version(request, slug, number)
    if request.method != "POST":
        return render(request, "designer/publish.html", _before_publishing(version))
    try:
        publish_version(version=version)
    except VersionFrozen:
        messages.error(request, _("This version is already published."))
    except DefinitionError:
        messages.error(request, _("Fix the problems listed before publishing."))
        return redirect("designer:draft", slug=slug)
    else:
        remove_test_runs_of(version=version)  # a published version has no test runs
        messages.success(request, _("Version %(n)s is published.") % {"n": number})
    return redirect("designer:service", slug=slug)


def _before_publishing(version: ServiceVersion) -> dict[str, Any]:
    """What the designer confirms: the changes from the live version, and steps nobody acts on."""
    live = version.service.versions.filter(status=ServiceVersion.Status.PUBLISHED).first()
    language = "dz" if get_language() == "dz" else "en"
    found = compare(live.document, version.document) if live else None
    changes = [describe(c, language) for c in found] if found is not None else None
    return {
        "service": version.service,
        "version": version,
        "live": live,
        "changes": changes,
        "problems": version.problems(),
        "unstaffed": unstaffed_steps(version),
    }


def unstaffed_steps(version: ServiceVersion) -> list[tuple[str, str, str]]:
    """(step, role, where to grant it) of each step whose role no active member of staff holds."""
    if checks.stops_trying(version.document):
        return []
    definition = version.definition
    agencies = {role.code: role.agency for role in definition.roles}
    steps = [*definition.steps.values()]
    for registration in definition.registrations:
        steps += registration.workflow.steps.values() if registration.workflow else []
    found = []
    for step in steps:
        if step.type != "human" or not step.role or step.role not in agencies:
            continue
        agency = agencies[step.role]
        held = StaffRole.objects.filter(
            role__agency__code=agency, role__code=step.role, user__is_active=True
        )
        if not held.exists():
            role = next(r for r in definition.roles if r.code == step.role)
            link = reverse("office:staff", args=[agency])
            found.append(
                (step.name.get(get_language() or "en"), role.name.get(get_language() or "en"), link)
            )
    return found


@designers_only
@require_POST
def new_draft(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Start a draft from a version, to change it."""
    try:
        start_draft(source=_version(request, slug, number))
    except DraftExists:
        messages.error(request, _("This service already has a draft: change that one."))
        return redirect("designer:service", slug=slug)
    return redirect("designer:draft", slug=slug)


@designers_only
@require_POST
def go_back(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Publish an earlier version again, as a new version."""
    try:
        version = republish_version(source=_version(request, slug, number))
    except DraftExists:
        messages.error(request, _("Publish or change the draft first: a service has one draft."))
    except DefinitionError:
        messages.error(request, _("That version no longer passes the checks."))
    else:
        messages.success(
            request,
            _("Version %(old)s is published again as version %(new)s.")
            % {"old": number, "new": version.number},
        )
    return redirect("designer:service", slug=slug)


@designers_only
def export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version's definition as a file, as `dzong service export` writes it."""
    version = _version(request, slug, number)
    document = {**version.document, "version": version.number}
    as_json = request.GET.get("format") == "json"
    text = dump_json(document) if as_json else dump_yaml(document)
    response = HttpResponse(text, content_type="application/json" if as_json else "text/yaml")
    name = f"{slug}-v{number}.{'json' if as_json else 'yaml'}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@designers_only
def import_file(request: HttpRequest) -> HttpResponse:
    """Add a service, or a new draft of one, from a definition file."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = _import(request, form)
        except DefinitionError as error:
            errors = _problem_list(error)
        else:
            messages.success(request, _("The file was imported as a draft."))
            return redirect("designer:service", slug=version.service.slug)
    errors = errors or [(str(m), f"id_{n}") for n, ms in form.errors.items() for m in ms]
    return render(request, "designer/import.html", {"form": form, "errors": errors})


def _import(request: HttpRequest, form: ImportForm) -> ServiceVersion:
    try:
        text = form.cleaned_data["file"].read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DefinitionError(["The file is not text (UTF-8)."]) from error
    content = parse_text(text).content
    agency_code = content.get("agency") if isinstance(content, dict) else None
    agency = designer_agencies(request.user).filter(code=agency_code).first()
    if agency is None:
        raise DefinitionError([_("This file is a service of an agency you do not design for.")])
    return import_definition(text=text, agency=agency)

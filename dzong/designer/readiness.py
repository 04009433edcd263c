"""Ready to publish? What a draft still lacks: staff for its steps, Dzongkha texts of its
messages and certificates, test runs that charge its fees, rules the preview has tried."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.catalogue.models import Role, ServiceVersion
from dzong.designer.access import designers_only
from dzong.designer.edit_views import draft_of
from dzong.designer.parts_forms import EVENTS
from dzong.designer.paths_views import way_sentence
from dzong.engine.definition import Service, Step
from dzong.engine.edits import missing_translations
from dzong.engine.form import Form
from dzong.engine.paths import rule_targets
from dzong.office.screen import language


@dataclass(frozen=True)
class Line:
    """One thing checked: what it is, whether it is ready, what to do, and where."""

    name: str
    ready: bool
    detail: str
    link: str = ""


def _preview_key(version: ServiceVersion) -> str:
    return f"designer_preview_ways_{version.pk}"


def note_preview(
    session: MutableMapping[str, Any], version: ServiceVersion, form: Form, answers: Any
) -> None:
    """Remember which way each rule went for the answers typed in the preview."""
    effective = form.effective_answers(answers)
    seen = set(session.get(_preview_key(version), []))
    for target in rule_targets(form.service):
        seen.add(f"{target.key}={form.holds(target.rule, effective)}")
    session[_preview_key(version)] = sorted(seen)


@designers_only
def readiness(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft's readiness summary, before publishing."""
    version = draft_of(request, slug)
    service = version.definition
    sections = [
        (_("Staff for each step"), list(_staff_lines(service))),
        (_("Messages and certificates in both languages"), list(_text_lines(version))),
        (_("Fees charged in a test run"), list(_fee_lines(version))),
        (_("Rules tried in the preview"), list(_preview_lines(request, version))),
    ]
    waiting = sum(1 for _title, lines in sections for line in lines if not line.ready)
    context = {
        "service": version.service,
        "title": service.title.get(language()),
        "sections": sections,
        "waiting": waiting,
    }
    return render(request, "designer/readiness.html", context)


def _human_steps(service: Service) -> Iterator[Step]:
    yield from (s for s in service.steps.values() if s.type == "human")
    for registration in service.registrations:
        if registration.workflow is not None:
            yield from (s for s in registration.workflow.steps.values() if s.type == "human")


def _staff_lines(service: Service) -> Iterator[Line]:
    roles = {role.code: role for role in service.roles}
    for step in _human_steps(service):
        role = roles.get(step.role or "")
        agency = role.agency if role else service.agency
        holders = (
            Role.objects.filter(agency__code=agency, code=step.role, holders__user__is_active=True)
            .values("holders__user")
            .distinct()
            .count()
        )
        names = {
            "step": step.name.get(language()),
            "role": role.name.get(language()) if role else step.role,
        }
        yield Line(
            name=_("'%(step)s', done by the role '%(role)s'") % names,
            ready=holders > 0,
            detail=_("People who hold this role: %(count)s.") % {"count": holders}
            if holders
            else _("Nobody holds this role: the applications would wait with nobody."),
            link="" if holders else reverse("office:staff", args=[agency]),
        )


def _text_lines(version: ServiceVersion) -> Iterator[Line]:
    document = version.document
    events = dict(EVENTS)
    for number, message in enumerate(document.get("messages", []), start=1):
        event = str(events.get(message.get("event"), message.get("event")))
        yield _bilingual(
            _("The message sent when: %(event)s") % {"event": event},
            message,
            reverse("designer:message", args=[version.service.slug, number]),
        )
    for certificate in document.get("certificates", []):
        title = (certificate.get("title") or {}).get("en", certificate.get("code"))
        yield _bilingual(
            _("The certificate '%(title)s'") % {"title": title},
            certificate,
            reverse("designer:certificate", args=[version.service.slug, certificate["code"]]),
        )


def _bilingual(name: str, part: Mapping[str, Any], link: str) -> Line:
    missing = [english for _path, english in missing_translations(part)]
    if not missing:
        return Line(name=name, ready=True, detail=_("Every text is in English and Dzongkha."))
    detail = _("No Dzongkha for: %(texts)s") % {"texts": "; ".join(f"'{t}'" for t in missing)}
    return Line(name=name, ready=False, detail=detail, link=link)


def _fee_lines(version: ServiceVersion) -> Iterator[Line]:
    charged: dict[str, int] = {}
    runs = Application.objects.test_runs().submitted().filter(service_version=version)
    for fees in runs.values_list("fees", flat=True):
        for code in {line.get("code") for line in fees or []}:
            charged[code] = charged.get(code, 0) + 1
    for fee in version.definition.fees:
        count = charged.get(fee.code, 0)
        yield Line(
            name=_("The fee '%(fee)s'") % {"fee": fee.label.get(language())},
            ready=count > 0,
            detail=_("Submitted test runs charged this fee: %(count)s.") % {"count": count}
            if count
            else _("No submitted test run has been charged this fee."),
            link="" if count else reverse("designer:test_runs", args=[version.service.slug]),
        )


def _preview_lines(request: HttpRequest, version: ServiceVersion) -> Iterator[Line]:
    seen = set(request.session.get(_preview_key(version), []))
    service = version.definition
    for target in rule_targets(service):
        ways = [way for way in (True, False) if f"{target.key}={way}" in seen]
        tried = [way_sentence(target, way, service) for way in (True, False)]
        yield Line(
            name=" / ".join(tried),
            ready=len(ways) == 2,
            detail=_("Tried both ways in your previews.")
            if len(ways) == 2
            else _("Tried one way in your previews.")
            if ways
            else _("Not tried in your previews."),
            link="" if len(ways) == 2 else reverse("designer:paths", args=[version.service.slug]),
        )

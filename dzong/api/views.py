"""The submissions API: submit an application, read one's own, download its certificates."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dzong.api.answers import clean_answers
from dzong.api.auth import token_required
from dzong.api.models import ApiClient
from dzong.api.openapi import openapi_document
from dzong.api.problems import allow, problem
from dzong.api.representation import application_document
from dzong.applications.models import Application
from dzong.applications.services import (
    FeesDueFirst,
    KeyReused,
    SubmissionRefused,
    locked_answers,
)
from dzong.catalogue.models import ServiceVersion
from dzong.certificates.downloads import pdf_download
from dzong.certificates.models import Certificate
from dzong.engine.limits import TooCostly, read_json
from dzong.organisations.models import Organisation
from dzong.workflow.submission import submit_answers

KEY_LENGTH = 200
DEPTH = 16  # answers, a repeating group's items, their answers, a date's parts: well within


class BadRequest(Exception):
    """The request cannot be read; the message says why, in the requested language."""


@allow("POST")
@token_required
def submit(request: HttpRequest, client: ApiClient, slug: str) -> HttpResponse:
    """Submit an application to a service from its answers, once per Idempotency-Key."""
    if not client.may_submit_to(slug):
        return problem(
            403, "forbidden", _("Not allowed"), _("This client may not submit to this service.")
        )
    version = ServiceVersion.objects.current_for(slug)
    if version is None:
        return _not_found(_("No published service has this name."))
    try:
        (sent, number), key = _answers_sent(request), _idempotency_key(request)
    except BadRequest as error:
        return problem(400, "bad-request", _("The request cannot be read"), str(error))
    business = _business(client, number)
    if number and business is None:
        return problem(
            403, "forbidden", _("Not allowed"), _("This client may not apply for this business.")
        )
    language = translation.get_language() or "en"
    locked = locked_answers(
        definition=version.definition,
        applicant=client.account,
        language=language,
        organisation=business,
    )
    answers, errors = clean_answers(version.definition, {**sent, **locked}, language)
    try:
        submission = submit_answers(
            version=version,
            applicant=client.account,
            answers=answers,
            language=language,
            start_key=_start_key(client, key),
            start_digest=_digest(sent),
            refused=errors,
            organisation=business,
        )
    except KeyReused:
        return _key_reused()
    except FeesDueFirst:
        return _fees_due_first(request, slug)
    except SubmissionRefused as refused:
        return _invalid(refused.errors)
    application = submission.application
    document = application_document(
        application, language=language, certificates=not submission.created
    )
    response = JsonResponse(document, status=201 if submission.created else 200)
    response.headers["Location"] = document["links"]["self"]
    if not submission.created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _business(client: ApiClient, number: str | None) -> Organisation | None:
    """The business applied for, by its licence number, if the client's account may apply
    for it."""
    if not number:
        return None
    found = Organisation.objects.acted_for_by(client.account).filter(registration_number=number)
    return found.first()


def _answers_sent(request: HttpRequest) -> tuple[dict[str, Any], str | None]:
    if len(request.body) > settings.DZONG_API_MAX_BYTES:
        raise BadRequest(_("The request is too large."))
    if request.content_type != "application/json":
        raise BadRequest(_("Send the answers as JSON (Content-Type: application/json)."))
    try:
        body = read_json(request.body, max_bytes=settings.DZONG_API_MAX_BYTES, max_depth=DEPTH)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(_("The request is not valid JSON.")) from error
    except TooCostly as error:
        raise BadRequest(_("The request is nested too deep or holds too many values.")) from error
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, dict):
        raise BadRequest(_('Send an object with the answers under "answers".'))
    business = body.get("business")
    if business is not None and not (isinstance(business, str) and 0 < len(business) <= 40):
        raise BadRequest(_('Send the business\'s licence number under "business", as text.'))
    return answers, business


def _idempotency_key(request: HttpRequest) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (0 < len(key) <= KEY_LENGTH and key.isprintable() and key.isascii()):
        raise BadRequest(_("The Idempotency-Key must be 1 to 200 printable characters."))
    return key


def _start_key(client: ApiClient, key: str | None) -> str | None:
    """The application's start key for the client's idempotency key: its own to the client."""
    if key is None:
        return None
    return "api:" + hashlib.sha256(f"{client.pk}:{key}".encode()).hexdigest()[:56]


def _digest(sent: dict[str, Any]) -> str:
    """The request's answers as a digest: the same answers give the same, however laid out."""
    canonical = json.dumps(sent, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key_reused() -> HttpResponse:
    return problem(
        422,
        "idempotency-key-reused",
        _("Idempotency-Key already used"),
        _(
            "This Idempotency-Key was used before with a different request: send a new key "
            "for a new submission."
        ),
    )


def _invalid(errors: dict[str, str]) -> HttpResponse:
    return problem(
        422,
        "invalid-answers",
        _("The answers cannot be accepted"),
        _("Some answers are missing or wrong: see the message for each."),
        errors,
    )


def _fees_due_first(request: HttpRequest, slug: str) -> HttpResponse:
    return problem(
        422,
        "fees-due-first",
        _("Fees are paid before submission"),
        _(
            "With these answers the service asks fees that are paid before the application "
            "is submitted, which the API cannot take: apply for this service on the portal."
        ),
        portal=request.build_absolute_uri(reverse("portal:service", args=[slug])),
    )


def _not_found(detail: str) -> HttpResponse:
    return problem(404, "not-found", _("Not found"), detail)


@allow("GET")
@token_required
def application(request: HttpRequest, client: ApiClient, reference: str) -> HttpResponse:
    """One of the client's applications: its status, registrations and certificates."""
    found: Application | None = (
        Application.objects.visible_to(client.account)
        .exclude(status=Application.Status.DRAFT)
        .filter(reference=reference)
        .select_related("service_version")
        .first()
    )
    if found is None:
        return _not_found(_("This client has no application with this reference."))
    language = translation.get_language() or "en"
    response = JsonResponse(application_document(found, language=language))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@allow("GET")
@token_required
def certificate(
    request: HttpRequest, client: ApiClient, reference: str, pk: int
) -> HttpResponseBase:
    """A certificate of one of the client's applications, as its signed PDF."""
    found: Certificate | None = (
        Certificate.objects.visible_to(client.account)
        .ready()
        .filter(application__reference=reference, pk=pk)
        .first()
    )
    if found is None or not found.pdf:
        return _not_found(_("This client has no certificate here."))
    return pdf_download(found)


@allow("GET")
def openapi(request: HttpRequest) -> HttpResponse:
    """The API's OpenAPI 3.1 description."""
    response = JsonResponse(openapi_document(request.build_absolute_uri(reverse("api:openapi"))))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response

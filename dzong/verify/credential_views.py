"""Public endpoints for wallets and other systems: keys, status lists, credential checks."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dzong.certificates import wallet_offers
from dzong.certificates.credentials import (
    MEDIA_TYPE,
    jwks,
    status_list_credential,
    verify_credential,
)
from dzong.certificates.models import SigningKey
from dzong.engine.limits import TooCostly, read_json

logger = logging.getLogger("dzong.verify.wallet")


def _public(response: HttpResponse, seconds: int) -> HttpResponse:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response


@require_GET
def keys(request: HttpRequest) -> HttpResponse:
    """The agencies' public keys (current and retired) as a JSON Web Key Set."""
    return _public(JsonResponse(jwks()), 300)


@require_GET
def status_list(request: HttpRequest, agency: str) -> HttpResponse:
    """An agency's revocation status list, a signed BitstringStatusListCredential."""
    if not SigningKey.objects.filter(agency=agency).exists():
        raise Http404("No such issuer.")
    return _public(HttpResponse(status_list_credential(agency), content_type=MEDIA_TYPE), 60)


@csrf_exempt  # called by other systems, with no cookie: nothing to forge
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Check a presented credential: a vc+jwt as the body, or JSON {"credential": "..."}."""
    if len(request.body) > settings.DZONG_CREDENTIAL_MAX_BYTES:
        return JsonResponse({"verified": False, "status": "too_large"}, status=413)
    try:
        token = _token(request)
    except TooCostly as error:
        body = {"verified": False, "status": "malformed", "reason": str(error)}
        return JsonResponse(body, status=400)
    if not token:
        body = {"verified": False, "status": "malformed", "reason": "No credential was sent."}
        return JsonResponse(body, status=400)
    result = verify_credential(token=token)
    return _public(JsonResponse(result), 0)


def _token(request: HttpRequest) -> str:
    text = request.body.decode("utf-8", "replace").strip()
    if request.content_type == "application/json":
        try:
            found = read_json(text, max_bytes=settings.DZONG_CREDENTIAL_MAX_BYTES).get(
                "credential", ""
            )
        except (ValueError, AttributeError):
            return ""
        return found if isinstance(found, str) else ""
    return text


@require_GET
def wallet_issuer(request: HttpRequest) -> HttpResponse:
    """What Dzong issues into wallets (OpenID for Verifiable Credential Issuance)."""
    return _public(JsonResponse(wallet_offers.issuer_metadata()), 300)


@require_GET
def wallet_authorization(request: HttpRequest) -> HttpResponse:
    """The token endpoint of Dzong as its own authorization server (pre-authorised codes)."""
    return _public(JsonResponse(wallet_offers.authorization_metadata()), 300)


def _issuance_refused(error: wallet_offers.IssuanceError, status: int = 400) -> JsonResponse:
    logger.warning("wallet issuance refused: %s", error.reason)
    response = JsonResponse({"error": error.error}, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # called by wallets, with no cookie; the one-time code authenticates
@require_POST
def wallet_token(request: HttpRequest) -> HttpResponse:
    """A pre-authorised code, once, for an access token and a nonce."""
    try:
        answer = wallet_offers.exchange(request.POST.dict())
    except wallet_offers.IssuanceError as error:
        return _issuance_refused(error)
    response = JsonResponse(answer)
    response.headers["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # called by wallets with a bearer token, no cookie
@require_POST
def wallet_credential(request: HttpRequest) -> HttpResponse:
    """The certificate's credential for the wallet holding the access token, once."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return _issuance_refused(wallet_offers.IssuanceError("invalid_token", "no_token"), 401)
    try:
        body = read_json(request.body.decode("utf-8", "replace"), max_bytes=16_000)
        if not isinstance(body, dict):
            raise ValueError
    except (TooCostly, ValueError):
        return _issuance_refused(wallet_offers.IssuanceError("invalid_request", "malformed"))
    try:
        answer = wallet_offers.credential(token, body)
    except wallet_offers.IssuanceError as error:
        status = 401 if error.error == "invalid_token" else 400
        return _issuance_refused(error, status)
    response = JsonResponse(answer)
    response.headers["Cache-Control"] = "no-store"
    return response

"""A member of staff's own sign-in factors: passkeys, recovery codes, the authenticator app."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dzong.accounts import passkeys
from dzong.accounts.factors import (
    RECOVERY_CODES,
    LastFactor,
    has_authenticator,
    new_authenticator_secret,
    new_recovery_codes,
    recovery_codes_left,
    remove_passkey,
    replace_authenticator,
)
from dzong.accounts.limits import client_address
from dzong.accounts.models import Passkey, User
from dzong.accounts.sealing import seal, unseal
from dzong.accounts.staff import ISSUER, LockedOut
from dzong.accounts.totp import provisioning_uri
from dzong.engine.formatting import format_number
from dzong.office.forms import CodeForm, PasskeyForm
from dzong.office.screen import language, moment
from dzong.office.sign_in_views import _errors, _locked_message, passkey_refusal
from dzong.web.staff_access import staff_only

NEW_SECRET = "factors_new_secret"  # noqa: S105 (a session key)


def _staff(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_only
@require_GET
def factors(request: HttpRequest) -> HttpResponse:
    """The factors page: the authenticator app, passkeys, and how many recovery codes are left."""
    return _page(request, PasskeyForm())


def _page(request: HttpRequest, form: PasskeyForm, status: int = 200) -> HttpResponse:
    user = _staff(request)
    left = recovery_codes_left(user)
    keys = [(key, moment(key.created_at), moment(key.last_used_at)) for key in user.passkeys.all()]
    context: dict[str, Any] = {
        "form": form,
        "errors": _passkey_errors(form),
        "authenticator": has_authenticator(user),
        "passkeys": keys,
        "codes_left": left,
        "codes_shown": format_number(left, language()),
        "codes_made": format_number(RECOVERY_CODES, language()),
        "registration": passkeys.registration_options(user=user, session=request.session),
    }
    return render(request, "office/factors.html", context, status=status)


def _passkey_errors(form: PasskeyForm) -> list[tuple[str, str]]:
    errors = _errors(form)
    if "name" in form.errors:  # the browser was not asked for a passkey without a name
        errors = [(m, target) for m, target in errors if target != "f-credential"]
    return [(m, "f-name" if target == "f-credential" else target) for m, target in errors]


@staff_only
@require_POST
def add_passkey(request: HttpRequest) -> HttpResponse:
    """Keep the passkey the browser made on the factors page."""
    form = PasskeyForm(request.POST)
    if not form.is_valid():
        return _page(request, form, 400)
    try:
        passkeys.register_passkey(
            user=_staff(request),
            session=request.session,
            credential=form.cleaned_data["credential"],
            name=form.cleaned_data["name"],
        )
    except passkeys.Refused as refused:
        form.add_error("credential", passkey_refusal(refused.reason))
        return _page(request, form, 400)
    messages.success(request, _("Your passkey is added."))
    return redirect("office:factors")


@staff_only
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of one's own passkeys, unless it is one's only factor."""
    found = Passkey.objects.filter(user=_staff(request), pk=pk).first()
    if found is None:
        raise Http404("No such passkey.")
    try:
        remove_passkey(user=_staff(request), passkey=found)
    except LastFactor:
        messages.error(request, _("This is your only second factor. Add another one first."))
    else:
        messages.success(request, _("The passkey is removed."))
    return redirect("office:factors")


@never_cache
@staff_only
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes in place of the old ones, and show them this once."""
    codes = new_recovery_codes(user=_staff(request))
    return render(request, "office/recovery_codes.html", {"codes": codes})


@never_cache
@staff_only
@require_http_methods(["GET", "POST"])
def authenticator(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app again: a new secret, in use once a code from it is right."""
    user = _staff(request)
    secret = _new_secret(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _confirmed(request, user, secret, form):
        del request.session[NEW_SECRET]
        messages.success(request, _("Your authenticator app is set up again."))
        return redirect("office:factors")
    uri = provisioning_uri(secret, account=user.email or "", issuer=ISSUER)
    context = {"form": form, "errors": _errors(form), "secret": secret, "uri": uri}
    return render(request, "office/authenticator.html", context)


def _new_secret(request: HttpRequest) -> str:
    """The new secret being set up: made afresh on every visit, kept while codes are tried."""
    if request.method == "POST" and NEW_SECRET in request.session:
        try:
            return unseal(request.session[NEW_SECRET])
        except InvalidToken:  # sealed under a key since changed
            pass
    secret = new_authenticator_secret()
    request.session[NEW_SECRET] = seal(secret)
    return secret


def _confirmed(request: HttpRequest, user: User, secret: str, form: CodeForm) -> bool:
    try:
        confirmed = replace_authenticator(
            user=user,
            secret=secret,
            code=form.cleaned_data["code"],
            address=client_address(request),
        )
    except LockedOut:
        form.add_error("code", _locked_message())
        return False
    if not confirmed:
        form.add_error("code", _("The code is wrong or has expired. Enter the code shown now."))
    return confirmed

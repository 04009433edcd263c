"""Staff sign-in: email and password, then a second factor: a passkey, a code from an
authenticator app (TOTP), or a one-time recovery code."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.accounts import passkeys
from dzong.accounts.factors import use_recovery_code
from dzong.accounts.limits import client_address
from dzong.accounts.models import User
from dzong.accounts.staff import (
    LockedOut,
    check_staff_code,
    check_staff_password,
    enrolment_uri,
    secret_for,
)
from dzong.office.forms import CodeForm, RecoveryCodeForm, SignInForm
from dzong.web.staff_access import PENDING, VERIFIED
from dzong.web.staff_areas import STAFF_PATHS, landing_for


def _locked_message() -> str:
    minutes = max(1, -(-settings.DZONG_SIGN_IN_LOCKOUT_SECONDS // 60))
    return _("Too many wrong attempts. Wait %(minutes)s minutes and try again.") % {
        "minutes": minutes
    }


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and target.startswith(STAFF_PATHS) else ""


def _errors(form: forms.Form) -> list[tuple[str, str]]:
    return [(str(m), f"f-{name}") for name, messages in form.errors.items() for m in messages]


def sign_in(request: HttpRequest) -> HttpResponse:
    """The first factor: email and password of a member of staff."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _first_factor(request, form)
        if user is not None:
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session["office_next"] = _next_url(request)
            return redirect("office:code")
    context = {"form": form, "errors": _errors(form), "next": _next_url(request)}
    return render(request, "office/sign_in.html", context)


def _first_factor(request: HttpRequest, form: SignInForm) -> User | None:
    try:
        user = check_staff_password(
            request=request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
    except LockedOut:
        form.add_error("password", _locked_message())
        return None
    if user is None:
        form.add_error("password", _("The email address or the password is wrong."))
    return user


def _pending(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    return User.objects.filter(pk=pending, is_staff=True).first() if pending else None


def _signed_in(request: HttpRequest, user: User) -> HttpResponse:
    target = request.session.get("office_next") or landing_for(user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[VERIFIED] = user.pk
    return redirect(target)


def code(request: HttpRequest) -> HttpResponse:
    """The second factor; on first sign-in, the secret to enrol an authenticator app."""
    user = _pending(request)
    if user is None:
        return redirect("office:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _second_factor(request, user, form):
        return _signed_in(request, user)
    return _code_page(request, user, form)


def _code_page(
    request: HttpRequest, user: User, form: CodeForm, passkey_error: str = ""
) -> HttpResponse:
    secret = secret_for(user)
    enrolling = secret.confirmed_at is None
    offers_passkey = not enrolling and user.passkeys.exists()
    errors = _errors(form) + ([(passkey_error, "passkey")] if passkey_error else [])
    context = {
        "form": form,
        "errors": errors,
        "enrolling": enrolling,
        "secret": secret.secret if enrolling else "",
        "uri": enrolment_uri(secret) if enrolling else "",
        "passkey_error": passkey_error,
        "passkey_options": (
            passkeys.authentication_options(user=user, session=request.session)
            if offers_passkey
            else None
        ),
    }
    return render(request, "office/code.html", context)


@require_POST
def passkey(request: HttpRequest) -> HttpResponse:
    """The second factor by a passkey: the browser's signed answer to the page's challenge."""
    user = _pending(request)
    if user is None:
        return redirect("office:sign_in")
    try:
        passkeys.check_passkey(
            user=user,
            session=request.session,
            credential=request.POST.get("credential", ""),
            address=client_address(request),
        )
    except LockedOut:
        return _code_page(request, user, CodeForm(), _locked_message())
    except passkeys.Refused as refused:
        return _code_page(request, user, CodeForm(), passkey_refusal(refused.reason))
    return _signed_in(request, user)


def passkey_refusal(reason: str) -> str:
    """What a person reads when their passkey's answer is refused."""
    messages = {
        "challenge": _("This passkey request has expired or was used already. Try again."),
        "origin": _("This passkey answer was made for another site. Use this site's address."),
        "signature": _("The passkey's signature is not right. Try again or use another factor."),
        "unknown": _("This passkey is not registered to your account. Use another factor."),
        "known": _("This passkey is registered already."),
    }
    return messages.get(reason, _("The browser's answer was not understood. Try again."))


def recovery(request: HttpRequest) -> HttpResponse:
    """The second factor by one of the one-time recovery codes (a lost phone or key)."""
    user = _pending(request)
    if user is None:
        return redirect("office:sign_in")
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = use_recovery_code(
                user=user, code=form.cleaned_data["code"], address=client_address(request)
            )
        except LockedOut:
            form.add_error("code", _locked_message())
        else:
            if used:
                return _signed_in(request, user)
            form.add_error("code", _("This recovery code is wrong or was used already."))
    context = {"form": form, "errors": _errors(form)}
    return render(request, "office/recovery.html", context)


def _second_factor(request: HttpRequest, user: User, form: CodeForm) -> bool:
    address = client_address(request)
    try:
        if check_staff_code(user=user, code=form.cleaned_data["code"], address=address):
            return True
    except LockedOut:
        form.add_error("code", _locked_message())
        return False
    form.add_error("code", _("The code is wrong or has expired. Enter the code shown now."))
    return False


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out of the back office."""
    logout(request)
    return redirect("office:sign_in")

"""Signing in (and up) with a code sent by SMS, and adding a mobile number to an account.

Page 1 asks for the number and sends a code; page 2 asks for the code; a number no account
holds then gets one (page 3 asks for a name, once). Wrong codes count towards the same
lockout as wrong passwords, per number and per client address.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from dzong.accounts import sms_sign_in
from dzong.accounts.identity import is_enabled
from dzong.accounts.limits import client_address, count_hit
from dzong.accounts.models import User
from dzong.accounts.one_time_codes import CodeRefused, OneTimeCode, check_code, send_code
from dzong.accounts.services import choose_language, clear_failures, is_locked_out, record_failure
from dzong.portal.account_forms import CodeForm, MobileNumberForm, NewAccountForm
from dzong.portal.account_views import _errors, _next_url, _signed_in

SENT = "sms_code_sent"  # the code sent for signing in: its id, the number, where to go next
PROVED = "sms_code_proved"  # a number a code proved that no account holds yet
ADDING = "mobile_number_sent"  # the code sent to confirm a number for a signed-in account


def _enabled() -> None:
    if not is_enabled(sms_sign_in.CODE):
        raise Http404


def shown(number: str) -> str:
    """A number as people read it: +975 17 12 34 56."""
    digits = number.removeprefix("+975")
    return f"+975 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"


def _locked_message() -> str:
    minutes = max(1, -(-settings.DZONG_SIGN_IN_LOCKOUT_SECONDS // 60))
    return _(
        "You have entered a wrong code too many times. Wait %(minutes)s minutes, then ask "
        "for a new code."
    ) % {"minutes": minutes}


def _send(request: HttpRequest, form: MobileNumberForm, purpose: str) -> OneTimeCode | None:
    """Send a code to the form's number, or put on the form why none was sent."""
    number = form.cleaned_data["mobile_number"]
    address = client_address(request)
    if is_locked_out(number, address=address):
        form.add_error("mobile_number", _locked_message())
        return None
    try:
        _count_asking(address)
        return send_code(mobile_number=number, purpose=purpose, language=get_language() or "en")
    except CodeRefused as refused:
        sms_sign_in.record_refusal(refused.reason)
        form.add_error("mobile_number", refused.message)
        return None


def _count_asking(address: str) -> None:
    """Codes asked from one client address are limited like its wrong passwords: text
    messages cost money, and must not be sent to every number by one machine."""
    period = settings.DZONG_SIGN_IN_LOCKOUT_SECONDS
    limit = settings.DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS
    if address and count_hit(f"dzong:codes-asked:{address}", period=period) > limit:
        raise CodeRefused("too_many", _("Too many codes were asked for from here. Try later."))


def _check(request: HttpRequest, form: CodeForm, sent: dict[str, str]) -> OneTimeCode | None:
    """The code typed, accepted; or None with the reason on the form (a wrong code counted
    towards locking the number out)."""
    number, address = sent["number"], client_address(request)
    if is_locked_out(number, address=address):
        form.add_error("code", _locked_message())
        return None
    try:
        proved = check_code(
            code_id=sent["code_id"], entered=form.cleaned_data["code"], mobile_number=number
        )
    except CodeRefused as refused:
        sms_sign_in.record_refusal(refused.reason)
        if refused.reason in {"wrong", "locked"}:
            record_failure(number, address=address)
        form.add_error("code", refused.message)
        return None
    clear_failures(number)
    return proved


def _number_page(request: HttpRequest, form: MobileNumberForm, **context: Any) -> HttpResponse:
    context = {"form": form, "errors": _errors(form), "next": _next_url(request), **context}
    return render(request, "portal/account/sms_code_number.html", context)


def _code_page(request: HttpRequest, form: CodeForm, number: str, **context: Any) -> HttpResponse:
    context = {
        "form": form,
        "errors": _errors(form),
        "next": _next_url(request),
        "number": shown(number),
        "minutes": settings.DZONG_ONE_TIME_CODE_SECONDS // 60,
        **context,
    }
    return render(request, "portal/account/sms_code_check.html", context)


def _onwards(request: HttpRequest, page: str) -> HttpResponse:
    """To the next page of signing in, keeping where to go once signed in."""
    return redirect(f"{reverse(page)}?{urlencode({'next': _next_url(request)})}")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Page 1: the mobile number, to send a code to."""
    _enabled()
    form = MobileNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["mobile_number"]
        purpose = "sign-in" if User.objects.filter(mobile_number=number).exists() else "sign-up"
        sent = _send(request, form, purpose)
        if sent is not None:
            request.session[SENT] = {"code_id": str(sent.pk), "number": number}
            return _onwards(request, "accounts:sms_code_check")
    return _number_page(request, form, action=reverse("accounts:sms_code"))


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """Page 2: the code; the account holding the number is signed in, or one is made."""
    _enabled()
    sent = request.session.get(SENT)
    if not sent:
        return redirect("accounts:sms_code")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(request, form, sent):
        try:
            user = sms_sign_in.account_holding(sent["number"])
        except sms_sign_in.NumberRefused as refused:
            sms_sign_in.record_refusal(refused.reason)
            form.add_error("code", _("This number cannot be used to sign in here."))
        else:
            del request.session[SENT]
            if user is not None:
                return _signed_in(request, user)
            until = time.time() + settings.DZONG_ONE_TIME_CODE_SECONDS
            request.session[PROVED] = {"number": sent["number"], "until": until}
            return _onwards(request, "accounts:sms_code_new")
    return _code_page(request, form, sent["number"], again=reverse("accounts:sms_code"))


@require_http_methods(["GET", "POST"])
def new_account(request: HttpRequest) -> HttpResponse:
    """Page 3, for a number no account holds: a name and a language, and the new account."""
    _enabled()
    proved = request.session.get(PROVED)
    if not proved or proved["until"] < time.time():
        return redirect("accounts:sms_code")
    form = NewAccountForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        try:
            user = sms_sign_in.sign_up(
                mobile_number=proved["number"],
                full_name=form.cleaned_data["full_name"],
                language=language,
            )
        except sms_sign_in.NumberRefused:
            form.add_error("full_name", _("This number already has an account. Sign in again."))
        else:
            del request.session[PROVED]
            return _in_language(_signed_in(request, user), user, language)
    context = {"form": form, "errors": _errors(form), "next": _next_url(request)}
    return render(request, "portal/account/sms_code_new.html", context)


def _in_language(response: HttpResponseRedirect, user: User, language: str) -> HttpResponse:
    """The language a new account chose is its own and the site's from now on."""
    choose_language(user=user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def add_number(request: HttpRequest) -> HttpResponse:
    """An account's page 1: a mobile number to add, proved by a code sent to it."""
    assert isinstance(request.user, User)
    form = MobileNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["mobile_number"]
        if User.objects.filter(mobile_number=number).exclude(pk=request.user.pk).exists():
            form.add_error("mobile_number", _number_taken())
        elif (sent := _send(request, form, "confirm-number")) is not None:
            request.session[ADDING] = {"code_id": str(sent.pk), "number": number}
            return redirect("accounts:mobile_code")
    return _number_page(request, form, action=reverse("accounts:mobile"), adding=True)


def _number_taken() -> str:
    return _(
        "This number belongs to another Dzong account. Sign out, then sign in with a code "
        "sent to it."
    )


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def confirm_number(request: HttpRequest) -> HttpResponse:
    """An account's page 2: the code; the number is the account's once it is right."""
    assert isinstance(request.user, User)
    sent = request.session.get(ADDING)
    if not sent:
        return redirect("accounts:mobile")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(request, form, sent):
        try:
            sms_sign_in.take_on_number(user=request.user, mobile_number=sent["number"])
        except sms_sign_in.NumberRefused:
            form.add_error("code", _number_taken())
        else:
            del request.session[ADDING]
            return redirect("accounts:account")
    return _code_page(request, form, sent["number"], again=reverse("accounts:mobile"))

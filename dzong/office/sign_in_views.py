"""Staff sign-in: email and password, then a code from an authenticator app (TOTP)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.accounts.limits import client_address
from dzong.accounts.models import User
from dzong.accounts.staff import (
    LockedOut,
    check_staff_code,
    check_staff_password,
    enrolment_uri,
    secret_for,
)
from dzong.office.forms import CodeForm, SignInForm
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


def _errors(form: SignInForm | CodeForm) -> list[tuple[str, str]]:
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


def code(request: HttpRequest) -> HttpResponse:
    """The second factor; on first sign-in, the secret to enrol an authenticator app."""
    pending = request.session.get(PENDING)
    user = User.objects.filter(pk=pending, is_staff=True).first() if pending else None
    if user is None:
        return redirect("office:sign_in")
    secret = secret_for(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _second_factor(request, user, form):
        target = request.session.get("office_next") or landing_for(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[VERIFIED] = user.pk
        return redirect(target)
    context = {
        "form": form,
        "errors": _errors(form),
        "enrolling": secret.confirmed_at is None,
        "secret": secret.secret if secret.confirmed_at is None else "",
        "uri": enrolment_uri(secret) if secret.confirmed_at is None else "",
    }
    return render(request, "office/code.html", context)


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

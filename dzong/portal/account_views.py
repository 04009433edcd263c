"""Applicants' accounts: sign up, sign in, sign out, and a new password by email."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from dzong.accounts.identity import available_methods
from dzong.accounts.limits import client_address
from dzong.accounts.models import User
from dzong.accounts.services import (
    EmailTaken,
    choose_language,
    clear_failures,
    is_locked_out,
    record_failure,
    register_applicant,
)
from dzong.portal.account_forms import (
    AskForNewPasswordForm,
    NewPasswordForm,
    SignInForm,
    SignUpForm,
    password_rules,
)


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: `next` if it is on this site, else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse(settings.LOGIN_REDIRECT_URL)


def _signed_in(request: HttpRequest, user: User) -> HttpResponseRedirect:
    """Sign in; a language chosen on the site's pages wins over the account's, and is kept."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    response = HttpResponseRedirect(_next_url(request))
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        choose_language(user=user, language=chosen)
    elif user.preferred_language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
        )
    return response


def _errors(form: Any) -> list[tuple[str, str]]:
    """(message, field id) for the error summary, in the order of the form."""
    return [(str(e), f"f-{name}") for name in form.fields for e in form.errors.get(name, [])]


@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in with it."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = register_applicant(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                language=get_language() or "en",
            )
        except EmailTaken:
            form.add_error(
                "email",
                _(
                    "An account with this email address already exists. "
                    "Sign in, or reset your password."
                ),
            )
        except ValidationError as invalid:
            form.add_error("password", invalid)
        else:
            return _signed_in(request, user)
    context = {
        "form": form,
        "errors": _errors(form),
        "next": _next_url(request),
        "rules": password_rules(),
    }
    return render(request, "portal/account/sign_up.html", context)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with an email address and password; other methods are offered beside it."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _authenticate(request, form)
        if user is not None:
            return _signed_in(request, user)
    context = {
        "form": form,
        "errors": _errors(form),
        "next": _next_url(request),
        "methods": [m for m in available_methods() if m.code != "password"],
    }
    return render(request, "portal/account/sign_in.html", context)


def _authenticate(request: HttpRequest, form: SignInForm) -> User | None:
    email = form.cleaned_data["email"].strip().lower()
    address = client_address(request)
    if is_locked_out(email, address=address):
        minutes = max(1, -(-settings.DZONG_SIGN_IN_LOCKOUT_SECONDS // 60))
        message = _(
            "You have entered a wrong password too many times. Wait %(minutes)s minutes, "
            "or reset your password."
        ) % {"minutes": minutes}
        form.add_error("password", message)
        return None
    user = authenticate(request, username=email, password=form.cleaned_data["password"])
    if not isinstance(user, User) or user.is_staff:  # staff sign in to the back office only
        record_failure(email, address=address)
        form.add_error("password", _("The email address or password is not right"))
        return None
    clear_failures(email)
    return user


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the site's language; signed in, the account keeps it for later visits and
    messages."""
    response = i18n_views.set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        choose_language(user=request.user, language=chosen)
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out (a POST from the header's button, never a link); the browser is told to forget
    what it kept of the account (offline copies of pages, answers and sends waiting)."""
    logout(request)
    response = redirect("portal:home")
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


class _ErrorSummary:
    """The error summary's (message, field id) pairs and the password rules, for the template."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        form = context.get("form")
        context["errors"] = _errors(form) if form is not None else []
        context["rules"] = password_rules()
        return context


class PasswordReset(_ErrorSummary, auth_views.PasswordResetView):
    """Ask for a link to choose a new password; the same answer for any address."""

    template_name = "portal/account/password_reset.html"
    form_class = AskForNewPasswordForm
    email_template_name = "portal/account/email/password_reset.txt"
    subject_template_name = "portal/account/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        """Send the link (if the address has an account), pointing at the site's public address."""
        self.extra_email_context = {"site_url": settings.DZONG_SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "portal/account/password_reset_sent.html"


class PasswordResetConfirm(_ErrorSummary, auth_views.PasswordResetConfirmView):
    """Choose a new password from the link in the email; an old or used link says so."""

    template_name = "portal/account/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        """Save the new password; it also lifts a lock from too many wrong passwords."""
        response = super().form_valid(form)
        clear_failures(form.user.email or "")
        return response


class PasswordResetDone(auth_views.PasswordResetCompleteView):
    template_name = "portal/account/password_reset_done.html"

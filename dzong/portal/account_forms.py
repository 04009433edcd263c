"""The forms of applicants' accounts: what each field accepts, with messages in their language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dzong.accounts.models import normalise_mobile
from dzong.notifications.services import send_message


class SignUpForm(forms.Form):
    """A new account: name, email address and a password typed twice."""

    full_name = forms.CharField(
        max_length=200, error_messages={"required": _("Enter your full name")}
    )
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    password = forms.CharField(strip=False, error_messages={"required": _("Enter a password")})
    password_again = forms.CharField(
        strip=False, error_messages={"required": _("Enter the password again")}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same"))
        return data


class SignInForm(forms.Form):
    """An email address and a password."""

    email = forms.CharField(
        max_length=254, error_messages={"required": _("Enter your email address")}
    )
    password = forms.CharField(strip=False, error_messages={"required": _("Enter your password")})


class MobileNumberForm(forms.Form):
    """A Bhutanese mobile number, however it is written; cleaned to E.164."""

    mobile_number = forms.CharField(
        max_length=40,
        error_messages={
            "required": _("Enter your mobile number"),
            "max_length": _("Enter a mobile number of 8 digits, like 17123456"),
        },
    )

    def clean_mobile_number(self) -> str:
        try:
            return normalise_mobile(self.cleaned_data["mobile_number"])
        except ValueError as invalid:
            raise ValidationError(str(invalid)) from invalid


class CodeForm(forms.Form):
    """The code a text message brought."""

    code = forms.CharField(
        max_length=20,
        error_messages={
            "required": _("Enter the code from the text message"),
            "max_length": _("The code has 6 digits"),
        },
    )


class NewAccountForm(forms.Form):
    """What a new account made by a code sent by SMS needs: a name, and a language."""

    full_name = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Enter a name of 200 characters or fewer"),
        },
    )
    language = forms.ChoiceField(
        choices=[("en", "English"), ("dz", "རྫོང་ཁ")],
        error_messages={
            "required": _("Choose the language of your messages"),
            "invalid_choice": _("Choose the language of your messages"),
        },
    )


def password_rules() -> str:
    """What a password must be, in plain words, for the hint."""
    return " ".join(password_validation.password_validators_help_texts())


class AskForNewPasswordForm(PasswordResetForm):
    """The address to send a link to; the same answer whether it has an account or not."""

    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Record the link as a message in the account's own language, whatever the page was
        read in; the worker sends it, and its body is blanked once sent."""
        user = context["user"]
        language = user.preferred_language
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            subject = loader.render_to_string(subject_template_name, context)
            body = loader.render_to_string(email_template_name, context)
        send_message(
            to=user,
            event="password_reset",
            subject="".join(subject.splitlines()),
            body=body,
            language=language,
            secret_link=True,
        )


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """A new password typed twice, checked by the password rules."""

    error_messages = {"password_mismatch": _("The two passwords are not the same")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _("Enter the password again")

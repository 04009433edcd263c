"""The back office's forms: signing in, the second factor, actions and notes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    """Email and password: the first of two factors."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@agency.gov.bt"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        error_messages={"required": _("Enter your password")},
    )


class CodeForm(forms.Form):
    """The six-digit code from the authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
    )


class RecoveryCodeForm(forms.Form):
    """One of the one-time recovery codes."""

    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        error_messages={
            "required": _("Enter one of your recovery codes"),
            "max_length": _("A recovery code has 16 letters and digits"),
        },
    )


class PasskeyForm(forms.Form):
    """A new passkey: its name, and the browser's answer (filled in by the page's script)."""

    name = forms.CharField(
        label=_("Name of the passkey"),
        max_length=60,
        error_messages={
            "required": _("Give the passkey a name, like the device it is on"),
            "max_length": _("The name can have at most 60 characters"),
        },
    )
    credential = forms.CharField(
        max_length=20_000,
        error_messages={"required": _("Your browser did not make a passkey. Try again.")},
    )


class InvitationForm(CodeForm):
    """A new member of staff's password, twice, and a first code from their app."""

    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=200,
        error_messages={"required": _("Choose a password")},
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=200,
        error_messages={"required": _("Enter the same password again")},
    )
    field_order = ["password", "password_again", "code"]

    def clean_password_again(self) -> str:
        again: str = self.cleaned_data["password_again"]
        if again != self.cleaned_data.get("password"):
            raise forms.ValidationError(_("The two passwords are not the same"))
        return again


class ActionForm(forms.Form):
    """One of the actions the step allows, with the task's version as it was shown."""

    action = forms.CharField(max_length=63)
    version = forms.IntegerField(min_value=1)
    reason = forms.CharField(required=False, max_length=4000, strip=True)
    marked = forms.MultipleChoiceField(required=False, choices=())

    def __init__(
        self, *args: object, field_choices: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        marked = self.fields["marked"]
        assert isinstance(marked, forms.MultipleChoiceField)
        marked.choices = field_choices


class NoteForm(forms.Form):
    """An internal note."""

    text = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        error_messages={"required": _("Write the note")},
    )


class VersionForm(forms.Form):
    """Claiming or assigning: the task's version as it was shown, and who gets it."""

    version = forms.IntegerField(min_value=1)
    assignee = forms.IntegerField(required=False)


class NewStaffForm(forms.Form):
    """A new member of the agency's staff and the roles they start with."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address like name@agency.gov.bt"),
        },
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter their full name")},
    )
    roles = forms.MultipleChoiceField(label=_("Roles"), required=False)

    def __init__(self, *args: object, role_choices: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["roles"].choices = role_choices  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    """One of the agency's roles to grant or remove."""

    role = forms.SlugField(max_length=63)
    change = forms.ChoiceField(choices=[("grant", "grant"), ("remove", "remove")])


def reason_needed(action: str) -> str:
    """What the officer must add when an action needs a reason the applicant will read."""
    if action == "send-back":
        return gettext("Mark the fields the applicant must correct and write a note.")
    return gettext("Write the reason the applicant will read.")

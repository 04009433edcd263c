"""The community centres' forms: each input's size limited where it enters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StartForm(forms.Form):
    """The service, and who the citizen is: their citizenship ID and mobile number."""

    service = forms.SlugField(max_length=63, error_messages={"required": _("Choose a service")})
    citizenship_id = forms.CharField(
        max_length=20,
        error_messages={
            "required": _("Enter the 11 digits of the citizenship ID number"),
            "max_length": _("Enter the 11 digits of the citizenship ID number"),
        },
    )
    mobile_number = forms.CharField(
        max_length=20,
        error_messages={
            "required": _("Enter a mobile number of 8 digits, starting 17 or 77"),
            "max_length": _("Enter a mobile number of 8 digits, starting 17 or 77"),
        },
    )
    language = forms.ChoiceField(choices=[("dz", "dz"), ("en", "en")], required=False)


class CodeForm(forms.Form):
    """The code the citizen received by SMS and reads out."""

    code = forms.CharField(
        max_length=12, error_messages={"required": _("Enter the code the citizen received")}
    )


class HandoverForm(forms.Form):
    """Who received the day's cash."""

    handed_to = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Enter who received the cash"),
            "max_length": _("Enter at most 200 characters"),
        },
    )


class CollectionForm(forms.Form):
    """The citizenship ID number on the card the citizen shows."""

    identification = forms.CharField(
        max_length=40,
        error_messages={
            "required": _("Enter the citizenship ID number on the citizen's card"),
            "max_length": _("Enter the citizenship ID number on the citizen's card"),
        },
    )


class CentreForm(forms.Form):
    """A new community centre."""

    code = forms.SlugField(
        max_length=40,
        error_messages={
            "required": _("Enter a short code of letters, digits and hyphens"),
            "invalid": _("Enter a short code of letters, digits and hyphens"),
            "max_length": _("Enter at most 40 characters"),
        },
    )
    name = forms.CharField(max_length=120, error_messages={"required": _("Enter this")})
    gewog = forms.CharField(max_length=80, error_messages={"required": _("Enter this")})
    dzongkhag = forms.CharField(max_length=80, error_messages={"required": _("Enter this")})
    contact = forms.CharField(max_length=200, required=False)


class OperatorForm(forms.Form):
    """A new operator of a centre."""

    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter an email address like name@example.bt"),
            "invalid": _("Enter an email address like name@example.bt"),
        },
    )
    full_name = forms.CharField(max_length=200, error_messages={"required": _("Enter this")})


def errors_of(form: forms.Form) -> dict[str, str]:
    """The first message of each field at fault."""
    return {name: str(messages[0]) for name, messages in form.errors.items()}

"""An invitation's page: a new member of staff sets a password and enrols their app at once."""

from __future__ import annotations

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from dzong.accounts.invitations import accept_invitation, invited_person
from dzong.accounts.limits import client_address
from dzong.accounts.models import User
from dzong.accounts.staff import LockedOut, enrolment_uri, secret_for
from dzong.office.forms import InvitationForm
from dzong.office.sign_in_views import _errors, _locked_message
from dzong.web.staff_access import VERIFIED


@never_cache
@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password and enter a first code; a used or expired link says so."""
    user = invited_person(token)
    if user is None:
        return render(request, "office/invitation.html", {"expired": True}, status=410)
    secret = secret_for(user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _accepted(request, user, form):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[VERIFIED] = user.pk
        return redirect("office:queue")
    context = {
        "form": form,
        "errors": _errors(form),
        "secret": secret.secret,
        "uri": enrolment_uri(secret),
    }
    return render(request, "office/invitation.html", context)


def _accepted(request: HttpRequest, user: User, form: InvitationForm) -> bool:
    try:
        accepted = accept_invitation(
            user=user,
            password=form.cleaned_data["password"],
            code=form.cleaned_data["code"],
            address=client_address(request),
        )
    except ValidationError as error:
        form.add_error("password", error)
        return False
    except LockedOut:
        form.add_error("code", _locked_message())
        return False
    if not accepted:
        form.add_error("code", _("The code is wrong or has expired. Enter the code shown now."))
    return accepted

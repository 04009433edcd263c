"""The businesses a person acts for, in their account: the owner adds and removes members and
chooses who may apply for the business."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dzong.organisations.models import Membership, Organisation
from dzong.organisations.services import (
    MAX_IDENTIFIER_LENGTH,
    AlreadyAMember,
    NoSuchPerson,
    NotTheOwner,
    OwnerStays,
    add_member,
    allow_to_apply,
    remove_member,
)

CITIZENSHIP_ID = re.compile(r"^[0-9]{11}$")


class MemberForm(forms.Form):
    """A person to add: the email address of their account, or their citizenship ID."""

    identifier = forms.CharField(
        max_length=MAX_IDENTIFIER_LENGTH,
        error_messages={
            "required": gettext_lazy("Enter an email address or a citizenship ID number"),
            "max_length": gettext_lazy("Enter an email address or a citizenship ID number"),
        },
    )
    may_apply = forms.BooleanField(required=False)

    def clean_identifier(self) -> str:
        identifier = str(self.cleaned_data["identifier"]).strip()
        if "@" not in identifier and not CITIZENSHIP_ID.match(identifier):
            raise forms.ValidationError(
                _("Enter an email address, or a citizenship ID number of 11 digits")
            )
        return identifier


@login_required
@require_GET
def businesses(request: HttpRequest) -> HttpResponse:
    """The businesses this person acts for."""
    known = Organisation.objects.known_to(request.user).select_related("owner")
    return render(request, "portal/account/businesses.html", {"businesses": list(known)})


@login_required
@require_http_methods(["GET", "POST"])
def business(request: HttpRequest, pk: int) -> HttpResponse:
    """A business, its members and, for its owner, adding one."""
    organisation = _known(request, pk)
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            add_member(
                organisation=organisation,
                actor=request.user,
                identifier=form.cleaned_data["identifier"],
                may_apply=form.cleaned_data["may_apply"],
            )
        except NotTheOwner as error:
            raise PermissionDenied from error
        except NoSuchPerson:
            form.add_error("identifier", _("No Dzong account has this email address or ID"))
        except AlreadyAMember:
            form.add_error("identifier", _("This person already acts for the business"))
        else:
            return redirect("accounts:business", organisation.pk)
    return _page(request, organisation, form)


@login_required
@require_POST
def member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """The owner removes a member, or chooses whether they may apply for the business."""
    organisation = _known(request, pk)
    membership = _current_member(organisation, member_pk)
    change = request.POST.get("change", "")
    try:
        if change == "remove":
            remove_member(organisation=organisation, actor=request.user, member=membership.user)
        elif change in {"allow", "disallow"}:
            allow_to_apply(
                organisation=organisation,
                actor=request.user,
                member=membership.user,
                may_apply=change == "allow",
            )
        else:
            raise Http404("No such change.")
    except (NotTheOwner, OwnerStays) as error:
        raise PermissionDenied from error
    return redirect("accounts:business", organisation.pk)


def _known(request: HttpRequest, pk: int) -> Organisation:
    found = Organisation.objects.known_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such business.")
    return found  # type: ignore[no-any-return]


def _current_member(organisation: Organisation, member_pk: int) -> Membership:
    found = organisation.memberships.current().filter(user_id=member_pk).first()
    if found is None:
        raise Http404("No such member.")
    return found  # type: ignore[no-any-return]


def _page(request: HttpRequest, organisation: Organisation, form: MemberForm) -> HttpResponse:
    members = organisation.memberships.current().select_related("user", "user__verified_identity")
    context: dict[str, Any] = {
        "business": organisation,
        "members": list(members),
        "is_owner": organisation.owner_id == request.user.pk,
        "form": form,
        "errors": [
            (str(e), f"f-{name}") for name in form.fields for e in form.errors.get(name, [])
        ],
    }
    return render(
        request, "portal/account/business.html", context, status=400 if form.errors else 200
    )

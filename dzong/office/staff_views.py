"""The agency administrator's staff page: members, their roles, adding and deactivating.

Only staff holding the agency's `administrator` role reach it; anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dzong.accounts.administration import (
    AlreadyRegistered,
    add_staff,
    administered_agencies,
    administers,
    deactivate_staff,
    grant_role,
    remove_role,
    reset_factors,
    staff_of,
)
from dzong.accounts.models import StaffChange, User
from dzong.catalogue.models import Agency, Role
from dzong.notifications.services import send_message, site_url
from dzong.office.forms import NewStaffForm, RoleForm
from dzong.office.screen import language, moment
from dzong.web.staff_access import staff_only


def _agency(request: HttpRequest, code: str) -> Agency:
    found: Agency | None = Agency.objects.filter(code=code).first()
    if found is None or not administers(request.user, code):
        raise Http404("No such agency.")
    return found


def _member(agency: Agency, pk: int) -> User:
    found: User | None = staff_of(agency.code).filter(pk=pk).first()
    if found is None:
        raise Http404("No such member of staff.")
    return found


def _roles(agency: Agency) -> list[Role]:
    return list(Role.objects.filter(agency=agency).select_related("agency").order_by("code"))


def _role_name(role: Role) -> str:
    return role.name_dz if language() == "dz" and role.name_dz else role.name_en


@staff_only
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The staff page of the (first) agency this member of staff administers."""
    agencies = administered_agencies(request.user)
    if not agencies:
        raise Http404("Not an administrator.")
    return redirect("office:staff", agencies[0])


@staff_only
@require_GET
def staff(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's staff with their roles, and the latest changes made to them."""
    found = _agency(request, agency)
    return _page(request, found, NewStaffForm(role_choices=_choices(found)), 200)


def _choices(agency: Agency) -> list[tuple[str, str]]:
    return [(r.code, _role_name(r)) for r in _roles(agency)]


def _page(request: HttpRequest, agency: Agency, form: NewStaffForm, status: int) -> HttpResponse:
    roles = _roles(agency)
    names = {r.code: _role_name(r) for r in roles}
    members = staff_of(agency.code).prefetch_related("staff_roles__role__agency")
    rows = [_row(m, agency.code, names) for m in members]
    changes = StaffChange.objects.filter(agency=agency.code).select_related("actor", "staff")[:30]
    context: dict[str, Any] = {
        "agency": agency,
        "agency_name": agency.name_dz if language() == "dz" and agency.name_dz else agency.name_en,
        "rows": rows,
        "roles": [(r.code, names[r.code]) for r in roles],
        "form": form,
        "errors": [(str(m), f"f-{n}") for n, ms in form.errors.items() for m in ms],
        "changes": [(moment(c.created_at), c, names.get(c.role, c.role)) for c in changes],
    }
    return render(request, "office/staff.html", context, status=status)


def _row(member: User, agency: str, names: dict[str, str]) -> dict[str, Any]:
    held = [r.role.code for r in member.staff_roles.all() if r.role.agency.code == agency]
    return {
        "member": member,
        "held": [(code, names.get(code, code)) for code in sorted(held)],
        "missing": [(code, name) for code, name in names.items() if code not in held],
    }


@staff_only
@require_POST
def add(request: HttpRequest, agency: str) -> HttpResponse:
    """Add a member of staff; they are emailed how to choose a password."""
    found = _agency(request, agency)
    form = NewStaffForm(request.POST, role_choices=_choices(found))
    if not form.is_valid():
        return _page(request, found, form, 400)
    chosen = [r for r in _roles(found) if r.code in form.cleaned_data["roles"]]
    try:
        with transaction.atomic():
            user = add_staff(
                agency=found.code,
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                roles=chosen,
            )
            _welcome(user)
    except AlreadyRegistered:
        form.add_error("email", _("Someone already has an account with this email address."))
        return _page(request, found, form, 400)
    messages.success(request, _("%(email)s is added.") % {"email": user.email})
    return redirect("office:staff", found.code)


@staff_only
@require_POST
def roles(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """Grant or remove one of the agency's roles."""
    found = _agency(request, agency)
    member = _member(found, pk)
    form = RoleForm(request.POST)
    role = Role.objects.filter(agency=found, code=request.POST.get("role", "")).first()
    if not form.is_valid() or role is None:
        raise Http404("No such role.")
    if form.cleaned_data["change"] == "grant":
        grant_role(agency=found.code, actor=request.user, staff=member, role=role)
        messages.success(request, _("Role granted."))
    elif member.pk == request.user.pk and role.code == "administrator":
        messages.error(request, _("You cannot remove your own administrator role."))
    else:
        remove_role(agency=found.code, actor=request.user, staff=member, role=role)
        messages.success(request, _("Role removed."))
    return redirect("office:staff", found.code)


@staff_only
@require_POST
def deactivate(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """Take every role of the agency from a member of staff (and switch their account off)."""
    found = _agency(request, agency)
    member = _member(found, pk)
    if member.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate yourself."))
    else:
        deactivate_staff(agency=found.code, actor=request.user, staff=member)
        messages.success(request, _("%(email)s is deactivated.") % {"email": member.email})
    return redirect("office:staff", found.code)


@staff_only
@require_POST
def reset(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """Remove a member of staff's passkeys, authenticator app and recovery codes."""
    found = _agency(request, agency)
    member = _member(found, pk)
    if member.pk == request.user.pk:
        messages.error(request, _("Change your own sign-in factors on your factors page."))
    else:
        reset_factors(agency=found.code, actor=request.user, staff=member)
        messages.success(
            request,
            _("The sign-in factors of %(email)s are reset. They set them up at next sign-in.")
            % {"email": member.email},
        )
    return redirect("office:staff", found.code)


def _welcome(user: User) -> None:
    language = user.preferred_language
    with translation.override(language):
        subject = _("Your Dzong back office account")
        body = _(
            "An administrator of your agency gave you a back office account.\n\n"
            "Choose your password here:\n%(choose)s\n\nThen sign in at %(office)s and add "
            "the code shown to an authenticator app.\n"
        ) % {
            "choose": site_url(reverse("accounts:password_reset")),
            "office": site_url(reverse("office:sign_in")),
        }
    send_message(to=user, event="staff_welcome", subject=subject, body=body, language=language)

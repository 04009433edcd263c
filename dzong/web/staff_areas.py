"""The areas of the staff's site (queue, counter, reconciliation, designer, staff), which of
them a member of staff may use by the roles they hold, and where each lands after sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from dzong.accounts.administration import ADMINISTRATOR
from dzong.catalogue.queries import DESIGNER
from dzong.payments.queries import COUNTER_ROLES, RECONCILIATION_ROLES

# The staff's pages: where the back office's sign-in may send someone back to.
STAFF_PATHS = ("/office/", "/designer/", "/counter/", "/reconciliation/", "/centre/")

# Not roles of an agency but places: working at a community centre, and administering the
# installation (which keeps the centres).
OPERATOR, INSTALLATION = "centre-operator", "installation-administrator"

# Roles that open an area of their own; any other role is a workflow step's: an officer's.
_NOT_CASEWORK = {
    ADMINISTRATOR,
    DESIGNER,
    *COUNTER_ROLES,
    *RECONCILIATION_ROLES,
    OPERATOR,
    INSTALLATION,
}


@dataclass(frozen=True)
class Area:
    """One part of the staff's site, with its first page."""

    code: str
    name: str | Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def holds(self, roles: set[str]) -> bool:
        """Whether someone holding `roles` may use this area."""
        if self.code == "queue":
            return bool(roles - _NOT_CASEWORK)
        return bool(roles & _AREA_ROLES[self.code])


_AREA_ROLES = {
    "counter": set(COUNTER_ROLES),
    "reconciliation": set(RECONCILIATION_ROLES),
    "designer": {DESIGNER},
    "staff": {ADMINISTRATOR},
    "centre": {OPERATOR},
    "centres": {INSTALLATION},
}

AREAS = (
    Area("queue", _("Queue"), "office:queue"),
    Area("counter", _("Counter"), "counter:find"),
    Area("reconciliation", _("Reconciliation"), "counter:reconciliation"),
    Area("designer", _("Designer"), "designer:services"),
    Area("staff", _("Staff"), "office:staff_home"),
    Area("centre", _("Community centre"), "centres:home"),
    Area("centres", _("Centres"), "centres:admin"),
)


def roles_held(user: Any) -> set[str]:
    """The codes of the roles this member of staff holds, in any agency (and OPERATOR at a
    community centre, INSTALLATION for the installation's administrators)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff", False):
        return set()
    from dzong.accounts.models import User

    rows = User.objects.filter(pk=user.pk).values_list(  # one query, operators included
        "staff_roles__role__code",
        "centre_operator__is_active",
        "centre_operator__centre__is_active",
    )
    held = {code for code, _active, _open in rows if code}
    if any(active and open_ for _code, active, open_ in rows):
        held.add(OPERATOR)
    if getattr(user, "is_superuser", False):
        held.add(INSTALLATION)
    return held


def areas_for(user: Any) -> list[Area]:
    """The areas this member of staff may use, in the header's order."""
    roles = roles_held(user)
    return [area for area in AREAS if area.holds(roles)]


def landing_for(user: Any) -> str:
    """Where a member of staff starts after signing in: the first area of their own work."""
    areas = areas_for(user)
    return areas[0].url if areas else reverse("office:queue")


def current_area(request: HttpRequest) -> str:
    """The code of the area the page belongs to ("" outside the staff's site)."""
    match = request.resolver_match
    if match is None:
        return ""
    if match.namespace == "designer":
        return "designer"
    if match.namespace == "counter":
        return (
            "reconciliation" if (match.url_name or "").startswith("reconciliation") else "counter"
        )
    if match.namespace == "centres":
        return "centres" if (match.url_name or "").startswith("admin") else "centre"
    if match.namespace == "office":
        return "staff" if (match.url_name or "").startswith("staff") else "queue"
    return ""


def staff_context(request: HttpRequest) -> dict[str, Any]:
    """For the staff header: the areas this person may use (looked up only when a page shows
    them) and the one the page belongs to."""
    return {
        "staff_areas": SimpleLazyObject(lambda: areas_for(request.user)),
        "staff_area": current_area(request),
    }

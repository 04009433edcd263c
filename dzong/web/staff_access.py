"""Who may use the staff's pages (back office, designer, counter, reconciliation): staff who
passed both factors in this session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

VERIFIED = "office_verified"
PENDING = "office_pending"

View = Callable[..., HttpResponseBase]


def is_office_user(request: HttpRequest) -> bool:
    """Signed in as staff, with the second factor, in this session."""
    user = request.user
    return bool(
        user.is_authenticated
        and getattr(user, "is_staff", False)
        and request.session.get(VERIFIED) == user.pk
    )


def staff_only(view: View) -> View:
    """Send anyone else to the back office's own sign-in."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_office_user(request):
            target = reverse("office:sign_in")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return view(request, *args, **kwargs)

    return checked

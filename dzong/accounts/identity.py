"""How people prove who they are: a small registry of sign-in methods.

Email and password is the first; national digital identity registers itself the same way.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dzong.registry import Registry


class SignInMethod:
    """A way to sign in: a name people read, and where its sign-in starts."""

    code: ClassVar[str] = ""
    label: str | Promise = ""

    def start_url(self) -> str:
        """The address that begins signing in with this method."""
        raise NotImplementedError


# A method is offered once DZONG_SIGN_IN_METHODS enables it.
METHODS: Registry[SignInMethod] = Registry("sign-in method")
register = METHODS.register


@register("password")
class PasswordSignIn(SignInMethod):
    """Email address and password, hashed with Argon2."""

    label = _("Email and password")

    def start_url(self) -> str:
        return reverse("accounts:sign_in")


def available_methods() -> list[SignInMethod]:
    """The enabled sign-in methods, in the order the settings give."""
    return [METHODS[code]() for code in settings.DZONG_SIGN_IN_METHODS if code in METHODS]


def is_enabled(code: str) -> bool:
    """Whether the method `code` exists and the settings offer it."""
    return code in settings.DZONG_SIGN_IN_METHODS and code in METHODS

"""Django's password rules, with messages of our own so that they read well in every language."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _


class LongEnough(django_rules.MinimumLengthValidator):
    """At least `min_length` characters."""

    def get_error_message(self) -> str:
        return _("Your password must be %(limit)s characters or more") % {"limit": self.min_length}

    def get_help_text(self) -> str:
        return _("Use %(limit)s characters or more.") % {"limit": self.min_length}


class NotLikeYourDetails(django_rules.UserAttributeSimilarityValidator):
    """Not close to the person's name or email address."""

    def __init__(
        self,
        user_attributes: Sequence[str] = ("full_name", "email"),
        max_similarity: float = 0.7,
    ) -> None:
        super().__init__(user_attributes, max_similarity)

    def get_error_message(self) -> str:
        return _("Your password is too like your name or email address")

    def get_help_text(self) -> str:
        return _("Do not use your name or email address.")


class NotCommon(django_rules.CommonPasswordValidator):
    """Not one of the passwords most often guessed."""

    def get_error_message(self) -> str:
        return _("This password is too common. Choose one that is harder to guess")

    def get_help_text(self) -> str:
        return _("Do not use a common password.")


class NotOnlyDigits(django_rules.NumericPasswordValidator):
    """Not digits alone."""

    def get_error_message(self) -> str:
        return _("Your password must not be digits only")

    def get_help_text(self) -> str:
        return _("Do not use digits only.")

"""People who sign in: applicants and staff, and the roles staff hold."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from dzong.accounts.sealing import seal, unseal

# Bhutan's mobile networks: +975, then 8 digits starting 17 (B-Mobile) or 77 (TashiCell).
_MOBILE = re.compile(r"(?:\+975|00975|975)?((?:17|77)\d{6})")
_SPACING = re.compile(r"[\s\-().]")


def normalise_mobile(text: str) -> str:
    """A Bhutanese mobile number in E.164 (+975 and 8 digits), from the ways people write it
    ("17123456", "+975 17 12 34 56", "0097517123456"); ValueError with a message to show."""
    spaced = _SPACING.sub("", str(text)[:40])
    found = _MOBILE.fullmatch(spaced)
    if found is None:
        raise ValueError(
            _("Enter a Bhutanese mobile number of 8 digits starting 17 or 77, like 17123456")
        )
    return f"+975{found.group(1)}"


class UserManager(BaseUserManager["User"]):
    """Creates users identified by their email address."""

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        """A user with a hashed password (none for identity-provider accounts)."""
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """An administrator of the whole installation."""
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in, identified by email address."""

    # Unique; empty (None) for an account made by signing in with the national identity.
    email = models.EmailField(unique=True, null=True, blank=True)
    # Unique, in E.164 (`normalise_mobile`); set once the holder proved it with a code by SMS.
    mobile_number = models.CharField(max_length=16, unique=True, null=True, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    preferred_language = models.CharField(max_length=5, default="en")
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # When every session of the account was last ended (an administrator reset its factors).
    sessions_ended_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email or self.full_name or self.mobile_number or ""

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, changed too when the account's sessions were ended:
        a session made before no longer signs anyone in."""
        return self._ended_sessions_hash(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        """The same under each fallback secret key."""
        for found in super().get_session_auth_fallback_hash():
            yield self._ended_sessions_hash(found)

    def _ended_sessions_hash(self, found: str) -> str:
        if self.sessions_ended_at is None:
            return found
        ended = f"{found}:{self.sessions_ended_at.isoformat()}"
        return salted_hmac(
            "dzong.accounts.User.sessions_ended_at", ended, algorithm="sha256"
        ).hexdigest()


class StaffRole(models.Model):
    """A role a member of staff holds in an agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.ForeignKey("catalogue.Role", on_delete=models.PROTECT, related_name="holders")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_staff_role")]

    def __str__(self) -> str:
        return f"{self.user} as {self.role}"


class StaffSecret(models.Model):
    """A member of staff's TOTP secret (the second factor of the back office), kept encrypted."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff_secret")
    sealed_secret = models.CharField(max_length=255)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Second factor of {self.user}"

    @property
    def secret(self) -> str:
        """The secret in base 32, decrypted in memory."""
        return unseal(self.sealed_secret)

    @secret.setter
    def secret(self, value: str) -> None:
        self.sealed_secret = seal(value)


class Passkey(models.Model):
    """A passkey (a WebAuthn credential) a member of staff registered as a second factor."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as sent
    public_key = models.BinaryField(max_length=1024)  # COSE
    sign_count = models.BigIntegerField(default=0)
    name = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Passkey {self.name} of {self.user}"


class RecoveryCode(models.Model):
    """One of a member of staff's one-time recovery codes, kept as a digest only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="unique_recovery_code")
        ]

    def __str__(self) -> str:
        return f"Recovery code of {self.user}"


class StaffChange(models.Model):
    """A change an agency's administrator made to its staff: who, when, what, to whom."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        GRANTED = "granted", "Role granted"
        REMOVED = "removed", "Role removed"
        DEACTIVATED = "deactivated", "Deactivated"
        RESET = "reset", "Sign-in factors reset"

    agency = models.SlugField(max_length=63)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="staff_changes_made")
    staff = models.ForeignKey(User, on_delete=models.PROTECT, related_name="staff_changes")
    action = models.CharField(max_length=12, choices=Action.choices)
    role = models.SlugField(max_length=63, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "-created_at"], name="staff_change_agency")]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.staff_id} {self.role}".strip()


class VerifiedIdentity(models.Model):
    """Who an account's holder is, as the national identity vouched: the attributes it
    verified and where and when they came from. One citizenship ID, one account."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="verified_identity")
    citizenship_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    provider = models.CharField(max_length=40)  # the sign-in method's code
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    verified_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.verified_at:%Y-%m-%d}"


class WalletRequest(models.Model):
    """A request for a person's wallet to present their national identity: opened when they
    choose to sign in with the wallet, answered by the wallet, taken once by the browser that
    opened it. It keeps the verified claims only between the answer and the sign-in."""

    class Status(models.TextChoices):
        WAITING = "waiting"
        PRESENTED = "presented"
        REFUSED = "refused"
        USED = "used"

    class Purpose(models.TextChoices):
        SIGN_IN = "sign-in"
        CONSENT = "consent"  # a citizen consenting at a community centre, on their own phone

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.SIGN_IN)
    state = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    reason = models.CharField(max_length=40, blank=True)  # why it was refused: a code
    claims = models.JSONField(default=dict, blank=True)
    response_code = models.CharField(max_length=64, blank=True)  # SHA-256 of the code, hex
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="wallet_request_expiry")]

    def __str__(self) -> str:
        return f"{self.status} {self.created_at:%Y-%m-%d %H:%M}"


# The one-time codes sent by SMS are a model of this app, kept in their own module.
from dzong.accounts import one_time_codes  # noqa: E402, F401

"""`dzong load_demo`: the demo services, published, with a staff account for every role."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dzong.accounts.administration import ADMINISTRATOR
from dzong.accounts.demo import DEMO_DOMAIN
from dzong.accounts.models import StaffRole, StaffSecret, User
from dzong.accounts.staff import enrol_staff
from dzong.catalogue.models import Agency, Role, ServiceVersion
from dzong.catalogue.queries import DESIGNER
from dzong.catalogue.services import import_definition, publish_version
from dzong.certificates.keys import set_up_signing_keys
from dzong.certificates.services import set_agency_emblems_from
from dzong.engine.errors import DefinitionError
from dzong.workflow.queries import SUPERVISOR

DEMO_DIR = Path(settings.BASE_DIR).parent / "demo" / "services"


class Command(BaseCommand):
    help = "Load and publish the demo services and create their demo accounts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--folder", type=Path, default=DEMO_DIR)

    @transaction.atomic
    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        password = os.environ.get("DZONG_DEMO_PASSWORD", "dzong-demo-2026")
        hashed = make_password(password)  # hashed once: Argon2 is slow on purpose
        for path in sorted(folder.glob("*.yaml")):
            self._load(path)
        # The demo's own certificate authority and a signing key per agency, made once.
        set_up_signing_keys(agencies={a.code: a.name_en for a in Agency.objects.all()})
        # Simple marks drawn for the demo, printed on its certificates and receipts.
        set_agency_emblems_from(
            folder=folder.parent / "emblems", agencies=Agency.objects.values_list("code", flat=True)
        )
        self.stdout.write(f"\nDemo accounts (password: {password}):")
        applicant = self._account(f"applicant@{DEMO_DOMAIN}", "Pema Choden", hashed)
        self.stdout.write(f"  applicant                      {applicant.email}")
        for agency in Agency.objects.all():
            Role.objects.get_or_create(
                agency=agency,
                code=SUPERVISOR,
                defaults={"name_en": "Supervisor", "name_dz": "ལྟ་རྟོག་པ།"},
            )
            Role.objects.get_or_create(
                agency=agency,
                code=ADMINISTRATOR,
                defaults={"name_en": "Administrator", "name_dz": "བདག་སྐྱོང་པ།"},
            )
            Role.objects.get_or_create(
                agency=agency,
                code=DESIGNER,
                defaults={"name_en": "Service designer", "name_dz": "ཞབས་ཏོག་བཟོ་བཀོད་པ།"},
            )
        self.stdout.write(
            "Back office at /office/, designer at /designer/ (staff also need the TOTP secret):"
        )
        for role in Role.objects.select_related("agency"):
            user = self._account(
                f"{role.code}@{role.agency.code}.{DEMO_DOMAIN}",
                role.name_en,
                hashed,
                is_staff=True,
            )
            StaffRole.objects.get_or_create(user=user, role=role)
            secret = self._secret(user)
            self.stdout.write(f"  {role.name_en:<30} {user.email:<48} TOTP {secret}")
        self.stdout.write(
            "Without an authenticator app, print a member of staff's current code with:\n"
            "  DZONG_DEMO=1 .venv/bin/dzong demo_code EMAIL"
        )

    def _load(self, path: Path) -> None:
        try:
            version = import_definition(text=path.read_text(encoding="utf-8"))
        except DefinitionError as error:
            raise CommandError(f"{path}: {error}") from error
        current = ServiceVersion.objects.published().filter(service=version.service).first()
        if current is not None and current.document == version.document:
            version.delete()
            self.stdout.write(f"{version.service.slug}: version {current.number} already published")
            return
        version = publish_version(version=version)
        self.stdout.write(f"{version.service.slug}: version {version.number} published")

    @staticmethod
    def _secret(user: User) -> str:
        found = StaffSecret.objects.filter(user=user, confirmed_at__isnull=False).first()
        return (found or enrol_staff(user=user)).secret

    @staticmethod
    def _account(email: str, name: str, hashed: str, *, is_staff: bool = False) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email, password=hashed, full_name=name, is_staff=is_staff
            )
        return user

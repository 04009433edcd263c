"""`dzong certificates`: revoke or reissue a certificate, rotate a key, set an emblem, remind."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.catalogue.models import Agency
from dzong.certificates.emblems import EmblemRefused
from dzong.certificates.keys import create_agency_key, signing_key_for
from dzong.certificates.models import Certificate
from dzong.certificates.services import (
    NotRevocable,
    reissue_certificate,
    remind_of_renewals,
    revoke_certificate,
    set_agency_emblem,
)


class Command(BaseCommand):
    help = "Revoke or reissue a certificate, rotate an agency's key, remind of renewals."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        revoke = actions.add_parser("revoke", help="Revoke a certificate, with a reason.")
        revoke.add_argument("code", help="The verification code printed on the certificate.")
        revoke.add_argument("--reason", required=True)
        reissue = actions.add_parser("reissue", help="Issue a new certificate replacing one.")
        reissue.add_argument("code")
        rotate = actions.add_parser("rotate-key", help="Give an agency a new signing key.")
        rotate.add_argument("agency", help="The agency's code, e.g. trade.")
        actions.add_parser("remind-renewals", help="Remind holders of certificates near expiry.")
        emblem = actions.add_parser("emblem", help="Set an agency's emblem (an SVG file).")
        emblem.add_argument("agency", help="The agency's code, e.g. trade.")
        emblem.add_argument("file", type=Path, help="The emblem, an SVG drawing.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "remind-renewals":
            self.stdout.write(f"{remind_of_renewals()} reminder(s) sent")
        elif action == "emblem":
            self._emblem(options["agency"], options["file"])
        elif action == "rotate-key":
            self._rotate(options["agency"])
        else:
            self._change(action, options["code"], options.get("reason", ""))

    def _change(self, action: str, code: str, reason: str) -> None:
        certificate: Certificate | None = Certificate.objects.by_code(code).first()
        if certificate is None:
            raise CommandError(f"No certificate has the code {code}.")
        try:
            if action == "revoke":
                revoke_certificate(certificate=certificate, reason=reason)
                self.stdout.write(f"{certificate.verification_code} revoked")
            else:
                new = reissue_certificate(certificate=certificate)
                self.stdout.write(f"{certificate.verification_code} replaced by {new}")
        except (NotRevocable, ValueError) as error:
            raise CommandError(f"{code} cannot be changed: it is not in force.") from error

    def _emblem(self, code: str, path: Path) -> None:
        if not Agency.objects.filter(code=code).exists():
            raise CommandError(f"No agency has the code {code}.")
        try:
            set_agency_emblem(agency=code, svg=path.read_bytes())
        except (OSError, EmblemRefused) as error:
            raise CommandError(f"{path} is not kept as an emblem: {error}") from error
        self.stdout.write(f"{code}: emblem set")

    def _rotate(self, code: str) -> None:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(f"No agency has the code {code}.")
        current = signing_key_for(agency.code, agency.name_en)
        new = create_agency_key(
            authority=current.authority, agency=agency.code, agency_name=agency.name_en
        )
        self.stdout.write(f"{agency.code}: key {current.key_id} retired, {new.key_id} in use")

"""`dzong api_clients create|revoke|list`: the systems allowed to submit through the API."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.api.models import ApiClient
from dzong.api.services import ClientRefused, create_client, revoke_client


class Command(BaseCommand):
    help = "Create (its token shown once), revoke or list the API's clients."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="A new client; prints its token once.")
        create.add_argument("name", help="A short name, like thimphu-community-centre")
        create.add_argument("--agency", required=True, help="The agency responsible for it")
        create.add_argument(
            "--email", required=True, help="Where messages about its applications go"
        )
        create.add_argument(
            "--service", action="append", required=True, help="A service it may submit to"
        )
        revoke = actions.add_parser("revoke", help="Refuse the client's token from now on.")
        revoke.add_argument("name")
        actions.add_parser("list", help="Every client, its services and whether revoked.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            self._create(options)
        elif action == "revoke":
            self._revoke(options["name"])
        else:
            self._list()

    def _create(self, options: dict[str, Any]) -> None:
        try:
            made = create_client(
                name=options["name"],
                agency=options["agency"],
                email=options["email"],
                services=options["service"],
            )
        except ClientRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Client {made.client.name} may submit to: {', '.join(made.client.services)}"
        )
        self.stdout.write("Its token, shown this once (keep it secret; only a hash is kept):")
        self.stdout.write(made.token)

    def _revoke(self, name: str) -> None:
        client = revoke_client(name=name)
        if client is None:
            raise CommandError(f"No client named {name}.")
        self.stdout.write(f"Client {name}: token revoked.")

    def _list(self) -> None:
        for client in ApiClient.objects.select_related("agency"):
            state = "revoked" if client.revoked_at else "active"
            self.stdout.write(
                f"{client.name}  {client.agency.code}  {client.token_prefix}...  {state}  "
                f"{', '.join(client.services)}"
            )

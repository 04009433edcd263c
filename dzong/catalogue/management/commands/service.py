"""`dzong service schema|reference|check|import|export|publish|list`: definitions from the shell."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.catalogue.models import ServiceVersion
from dzong.catalogue.services import (
    VersionFrozen,
    export_definition,
    import_definition,
    publish_version,
)
from dzong.engine import check_text, pitfalls_in_text
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import dump_json, dump_yaml, service_schema
from dzong.engine.schema_reference import schema_reference


class Command(BaseCommand):
    help = "Check, import, export and publish service definitions; print their JSON Schema."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("schema", help="print the JSON Schema of a service definition")
        reference = actions.add_parser(
            "reference", help="write the definition format's reference (Markdown) from the schema"
        )
        reference.add_argument("--output", type=Path, help="the file to write (default: print)")
        check = actions.add_parser("check", help="report every problem in definition files")
        check.add_argument("files", nargs="+", type=Path)
        load = actions.add_parser("import", help="add a service or a new draft version")
        load.add_argument("file", type=Path)
        load.add_argument("--publish", action="store_true", help="publish the version at once")
        export = actions.add_parser("export", help="write a version's definition")
        export.add_argument("slug")
        export.add_argument("--version", type=int, dest="number")
        export.add_argument("--format", choices=["yaml", "json"], default="yaml")
        export.add_argument("--output", type=Path)
        publish = actions.add_parser("publish", help="publish the draft version of a service")
        publish.add_argument("slug")
        actions.add_parser("list", help="list services and their versions")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_schema(self, **options: Any) -> None:
        self.stdout.write(json.dumps(service_schema(), ensure_ascii=False, indent=2))

    def handle_reference(self, *, output: Path | None, **options: Any) -> None:
        text = schema_reference(service_schema())
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")

    def handle_check(self, *, files: list[Path], **options: Any) -> None:
        failed = 0
        for path in files:
            text = _read(path)
            problems = check_text(text)
            for warning in pitfalls_in_text(text):  # reported, but they do not fail the check
                self.stdout.write(f"{path}: warning: {warning}")
            if problems:
                failed += 1
                self.stderr.write(f"{path}: {len(problems)} problem(s)")
                for problem in problems:
                    self.stderr.write(f"  {problem}")
            else:
                self.stdout.write(f"{path}: valid")
        if failed:
            raise CommandError(f"{failed} of {len(files)} definition(s) have problems.")

    def handle_import(self, *, file: Path, publish: bool, **options: Any) -> None:
        try:
            version = import_definition(text=_read(file))
            if publish:
                version = publish_version(version=version)
        except DefinitionError as error:
            raise CommandError(_problems_text(file, error)) from error
        self.stdout.write(f"{version.service.slug}: version {version.number} ({version.status})")

    def handle_export(
        self, *, slug: str, number: int | None, format: str, output: Path | None, **options: Any
    ) -> None:
        try:
            document = export_definition(slug=slug, number=number)
        except ServiceVersion.DoesNotExist as error:
            raise CommandError(str(error)) from error
        text = dump_yaml(document) if format == "yaml" else dump_json(document)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")

    def handle_publish(self, *, slug: str, **options: Any) -> None:
        draft = ServiceVersion.objects.filter(service__slug=slug, status="draft").first()
        if draft is None:
            raise CommandError(f"'{slug}' has no draft version to publish.")
        try:
            version = publish_version(version=draft)
        except (DefinitionError, VersionFrozen) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{slug}: version {version.number} published")

    def handle_list(self, **options: Any) -> None:
        for version in ServiceVersion.objects.select_related("service").order_by(
            "service__slug", "number"
        ):
            self.stdout.write(f"{version.service.slug}\tv{version.number}\t{version.status}")


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot be read ({error}).") from error


def _problems_text(path: Path, error: DefinitionError) -> str:
    lines = [f"{path}: {len(error.problems)} problem(s)"]
    lines += [f"  {problem}" for problem in error.problems]
    return "\n".join(lines)

"""`dzong rules test FILE`: run a JsonLogic case file on the server's evaluator."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.engine.rule_cases import run_cases


class Command(BaseCommand):
    help = "Run JsonLogic case files ([rule, data, expected] entries) and print the results."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        test = actions.add_parser("test", help="run case files; prints 'N passed, M failed'")
        test.add_argument("files", nargs="+", type=Path)
        test.add_argument("--today", help="the date the 'today' operation returns (YYYY-MM-DD)")

    def handle(self, *args: Any, files: list[Path], today: str | None, **options: Any) -> None:
        passed = failed = 0
        for path in files:
            try:
                cases = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"{path}: cannot be read as JSON ({error}).") from error
            result = run_cases(cases, today=today)
            for failure in result.failures:
                self.stderr.write(f"{path}: FAILED {failure}")
            passed, failed = passed + result.passed, failed + len(result.failures)
        self.stdout.write(f"{passed} passed, {failed} failed")
        if failed:
            raise CommandError(f"{failed} case(s) failed.")

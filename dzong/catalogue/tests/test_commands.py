import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import CONFORMANCE, DEMO_SERVICES
from dzong.engine.tests.support import alias_bomb


def dzong(*args, cwd=None):
    """Run the real `dzong` console command."""
    command = [str(Path(sys.executable).with_name("dzong")), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_rules_test_prints_the_conformance_count():
    result = dzong("rules", "test", str(CONFORMANCE))
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1] == "278 passed, 0 failed"


def test_rules_test_fails_and_counts_failures(tmp_path):
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(["# heading", [{"+": [1, 2]}, None, 3], [{"+": [1, 2]}, None, 4]]))
    result = dzong("rules", "test", str(cases))
    assert result.returncode != 0
    assert "1 passed, 1 failed" in result.stdout
    assert "expected 4, got 3" in result.stderr


def test_service_check_accepts_the_demo_definitions():
    result = dzong("service", "check", *map(str, sorted(DEMO_SERVICES.glob("*.yaml"))))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid") == 4


def test_service_check_rejects_a_broken_definition_naming_the_problem_and_line(tmp_path):
    text = (DEMO_SERVICES / "register-business.yaml").read_text("utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("choices: dzongkhags", "choices: districts"), "utf-8")
    line = next(
        i for i, row in enumerate(broken.read_text("utf-8").splitlines(), 1) if "districts" in row
    )
    result = dzong("service", "check", str(broken))
    assert result.returncode == 1
    assert f"pages[1].fields[2].choices (line {line}): There is no choice list 'districts'." in (
        result.stderr
    )


def test_service_check_warns_of_an_optional_number_compared_but_passes(tmp_path):
    text = (DEMO_SERVICES / "register-business.yaml").read_text("utf-8")
    optional = tmp_path / "optional.yaml"
    optional.write_text(text.replace("max: 100000\n", "max: 100000\n        required: false\n"))
    result = dzong("service", "check", str(optional))
    assert result.returncode == 0, result.stderr
    assert f"{optional}: warning: registrations[2].applies_if (line " in result.stdout
    assert "compares the number field 'employees', which the applicant may leave" in result.stdout
    assert f"{optional}: valid" in result.stdout


def test_service_schema_prints_the_json_schema():
    result = dzong("service", "schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Dzong service definition"
    assert "group" in schema["$defs"]["field"]["properties"]["type"]["enum"]


@pytest.mark.django_db
def test_import_export_through_the_command_line(tmp_path, capsys):
    call_command("service", "import", str(DEMO_SERVICES / "register-business.yaml"), "--publish")
    out = tmp_path / "export.json"
    call_command("service", "export", "register-business", "--format", "json", "--output", str(out))
    assert json.loads(out.read_text("utf-8"))["slug"] == "register-business"
    with pytest.raises(CommandError, match="No version 9"):
        call_command("service", "export", "register-business", "--version", "9")


@pytest.mark.django_db
def test_load_demo_publishes_every_service_and_creates_an_account_per_role(capsys):
    from dzong.accounts.models import StaffRole, User
    from dzong.catalogue.models import Role, ServiceVersion

    call_command("load_demo")
    call_command("load_demo")  # loading twice changes nothing
    assert ServiceVersion.objects.published().count() == 4
    assert ServiceVersion.objects.count() == 4
    assert StaffRole.objects.count() == Role.objects.count() >= 6
    assert User.objects.filter(email="applicant@demo.dzong.test").exists()
    assert "Demo accounts" in capsys.readouterr().out


@pytest.mark.django_db
def test_importing_an_alias_bomb_is_a_command_error_not_a_memory_blow_up(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    with pytest.raises(CommandError, match="too many values"):
        call_command("service", "import", str(bomb))

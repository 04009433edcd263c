"""The web layers stay apart: none takes another app's private names, and the bench runs
without the test code."""

import ast
from collections.abc import Iterator
from pathlib import Path

import dzong

ROOT = Path(dzong.__file__).parent
WEB_LAYERS = ("portal", "office", "designer", "verify", "api", "web")


def _modules(*apps: str) -> Iterator[tuple[str, str, str]]:
    """(app, path from dzong/, source) of every module of `apps` but their tests."""
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            where = path.relative_to(ROOT)
            if "tests" not in where.parts:
                yield app, str(where), path.read_text()


def _imports(source: str) -> Iterator[tuple[str, list[str], int]]:
    """Every import in the module, inside functions too: (module, names, line)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dzong" else ""


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _foreign_private_names(app: str, where: str, source: str) -> list[str]:
    """Private names (or private modules) this module takes from another app."""
    found = []
    for module, names, line in _imports(source):
        if _app_of(module) in ("", app):
            continue
        hidden = [f"{module}.{name}" for name in names if _private(name)]
        hidden += [module for part in module.split(".") if _private(part)]
        found += [f"{where}:{line} takes {name}" for name in hidden]
    return found


def test_no_web_layer_imports_another_apps_private_names():
    found = [f for module in _modules(*WEB_LAYERS) for f in _foreign_private_names(*module)]
    assert found == []


def test_the_check_sees_a_private_name_taken_from_another_app_inside_a_function():
    source = "def show():\n    from dzong.portal.apply_views import _Screen, language\n"
    assert _foreign_private_names("designer", "designer/x.py", source) == [
        "designer/x.py:2 takes dzong.portal.apply_views._Screen"
    ]
    assert _foreign_private_names("portal", "portal/x.py", source) == []


def _test_code(module: str, names: list[str]) -> bool:
    return bool({"tests", "conftest"} & {*module.split("."), *names})


def test_the_bench_does_not_import_test_code():
    found = [
        f"{where}:{line} imports {module}"
        for _, where, source in _modules("bench")
        for module, names, line in _imports(source)
        if _test_code(module, names)
    ]
    assert found == []

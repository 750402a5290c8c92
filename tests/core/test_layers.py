"""Imports between apps follow actionplan/layers.py: down, never up or sideways.

Every import counts, at module level or inside a function, plus the module names given as
strings (importlib.import_module, the command line's registry of sub-command modules) and
apps.get_model("app", ...) look-ups: an import hidden in a function is still a dependency.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from actionplan import layers

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "actionplan"
MODULE_NAME = re.compile(r"^actionplan(\.[A-Za-z_]\w*)+$")


@dataclass(frozen=True)
class Violation:
    where: str
    line: int
    importer: str
    imported: str
    name: str

    def __str__(self) -> str:
        return (
            f"{self.where}:{self.line}: {self.importer} imports {self.name} ({self.imported}), "
            f"which is not below it in actionplan/layers.py"
        )


def app_of_path(path: Path) -> str:
    """The app a source file belongs to: actionplan/<app>/..., actionplan/cli.py, config/."""
    parts = path.relative_to(ROOT).parts
    if parts[0] == "config":
        return "config"
    if len(parts) == 2:
        # The command line is the top; actionplan/__init__.py and layers.py (data) the bottom.
        return "cli" if parts[1] == "cli.py" else "core"
    return parts[1]


def app_of_module(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] == "config":
        return "config"
    if parts[0] != "actionplan" or len(parts) < 2:
        return None
    return parts[1]


def is_module(name: str) -> bool:
    """Whether a string names a module or package of actionplan (not a logger or check id)."""
    parts = name.split(".")
    for end in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return True
    return False


def _package(module: str, is_package: bool) -> list[str]:
    parts = module.split(".")
    return parts if is_package else parts[:-1]


def imported_names(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module name) of every import of actionplan or config code in one source file.
    module: the file's own dotted name, to resolve relative imports."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package(module, is_package)
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.append((node.lineno, base))
            # "from actionplan import demo" names the app in the alias.
            if base in {"actionplan", "config"}:
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and _is_get_model(node):
            label = node.args[0].value  # type: ignore[attr-defined]
            found.append((node.lineno, "actionplan." + label.split(".")[0]))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and MODULE_NAME.match(node.value)
            and is_module(node.value)
        ):
            found.append((node.lineno, node.value))
    return found


def _is_get_model(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return (
        name == "get_model"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and node.args[0].value.split(".")[0] in _APP_LABELS
    )


_APP_LABELS = {app for layer in layers.LAYERS for app in layer}


def violations_in(source: str, path: Path) -> list[Violation]:
    relative = path.relative_to(ROOT)
    is_package = relative.name == "__init__.py"
    module = ".".join(relative.with_suffix("").parts)
    if is_package:
        module = module.removesuffix(".__init__")
    importer = app_of_path(path)
    found: dict[tuple[int, str], Violation] = {}
    for line, name in imported_names(source, module, is_package=is_package):
        imported = app_of_module(name)
        if imported is None or imported == "layers":
            continue
        if not layers.allowed(importer, imported):
            found.setdefault(
                (line, imported), Violation(str(relative), line, importer, imported, name)
            )
    return list(found.values())


def source_files() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(ROOT / "config").rglob("*.py")])


def test_every_app_has_a_layer():
    apps = {app_of_path(path) for path in source_files()}
    missing = sorted(app for app in apps if app not in _APP_LABELS)
    assert not missing, f"add these to actionplan/layers.py: {missing}"


def test_no_import_runs_up_or_sideways():
    found = [v for path in source_files() for v in violations_in(path.read_text(), path)]
    assert not found, "imports against the layers:\n" + "\n".join(map(str, found))


# -- the check itself can fail -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "imported", "line"),
    [
        ("from actionplan.rounds.models import StatusRound", "rounds", 1),
        ("def f():\n    from actionplan.reports import builder\n", "reports", 2),
        ("import actionplan.workspace.access", "workspace", 1),
        ("from actionplan import portal", "portal", 1),
        ("from ..notices import events", "notices", 1),
        ("import importlib\nimportlib.import_module('actionplan.rounds.services')", "rounds", 2),
        ("COMMANDS = [\n    'actionplan.jobs.work',\n]", "jobs", 2),
        ("from django.apps import apps\napps.get_model('accounts', 'Membership')", "accounts", 2),
        ("from config import settings", "config", 1),
    ],
)
def test_an_import_up_is_reported(source, imported, line):
    (found,) = violations_in(source, PACKAGE / "projects" / "selectors.py")
    assert (found.importer, found.imported, found.line) == ("projects", imported, line)
    assert str(found).startswith(f"actionplan/projects/selectors.py:{line}: projects imports")


@pytest.mark.parametrize(
    "source",
    [
        "from actionplan.plans.models import ActionPlan",
        "from actionplan.core import services",
        "from .models import Project",
        "import logging\nlogging.getLogger('actionplan.security')",
    ],
)
def test_an_import_down_or_within_is_not_reported(source):
    assert violations_in(source, PACKAGE / "projects" / "selectors.py") == []


def test_apps_on_one_layer_may_not_import_each_other():
    source = "from actionplan.portal.selectors import project_list"
    (found,) = violations_in(source, PACKAGE / "workspace" / "views.py")
    assert (found.importer, found.imported) == ("workspace", "portal")

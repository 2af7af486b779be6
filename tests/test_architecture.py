"""Layering (DESIGN §1): ``core`` is headless; ``api`` and ``tui`` are siblings that never import
each other; only ``cli`` (the composition root) may import both.

Each package is imported in a fresh interpreter (so nothing this test process already loaded
counts), and its source is also scanned for imports inside functions, which a run-time check
would miss.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, json, pkgutil, sys

def fail(name):
    raise ImportError(f"cannot import {name}")

package = importlib.import_module(sys.argv[1])
names = [package.__name__]
for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".", onerror=fail):
    importlib.import_module(info.name)
    names.append(info.name)
print(json.dumps({"imported": names, "loaded": sorted({m.split(".")[0] for m in sys.modules})}))
"""

# package → top-level modules it must never load
FORBIDDEN = {
    "core": {"sanic", "sanic_ext", "sanic_routing", "sanic_testing", "textual", "rich",
             "api", "tui", "cli"},
    "api": {"tui", "textual", "cli"},
    "tui": {"api", "sanic", "sanic_ext", "cli"},
}


def import_everything(package: str) -> dict[str, list[str]]:
    """Import ``package`` and all its submodules in a new interpreter; report what got loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, package], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def require_package(package: str) -> Path:
    root = REPO / package
    if not (root / "__init__.py").exists() or len(list(root.rglob("*.py"))) < 2:
        pytest.skip(f"package {package!r} does not exist yet")
    return root


def imported_names(path: Path) -> set[str]:
    """Top-level names of every module imported anywhere in ``path`` (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) \
                in ("import_module", "__import__") and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            names.add(node.args[0].value.split(".")[0])
    return names


def test_core_imports_no_face() -> None:
    report = import_everything("core")
    for module in ("core.db", "core.config", "core.fields.text", "core.schema.convert",
                   "core.records.service", "core.tokens.service"):
        assert module in report["imported"]
    assert not FORBIDDEN["core"] & set(report["loaded"])


@pytest.mark.parametrize("package", ["api", "tui"])
def test_faces_do_not_import_each_other(package: str) -> None:
    require_package(package)
    report = import_everything(package)
    assert not FORBIDDEN[package] & set(report["loaded"]), report["loaded"]


@pytest.mark.parametrize("package", ["core", "api", "tui"])
def test_no_forbidden_import_anywhere_in_the_source(package: str) -> None:
    root = require_package(package)
    offenders = {str(p.relative_to(REPO)): sorted(FORBIDDEN[package] & imported_names(p))
                 for p in root.rglob("*.py")}
    assert {p: names for p, names in offenders.items() if names} == {}


def test_the_source_scan_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    import tui.app\n    from api import x\n"
                      "    importlib.import_module('rich.text')\n")
    assert imported_names(sample) == {"tui", "api", "rich"}

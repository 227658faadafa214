"""Where the project's shipped data lives (``fixtures/`` in a checkout, bundled in a wheel)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def fixtures_dir() -> Path:
    bundled = _PACKAGE / "_fixtures"  # where the wheel build puts fixtures/
    return bundled if bundled.is_dir() else _PACKAGE.parent / "fixtures"


def load_json(name: str) -> Any:
    return json.loads((fixtures_dir() / name).read_text(encoding="utf-8"))

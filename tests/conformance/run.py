"""The conformance suite run as a user runs it: ``python -m pytest conformance ...`` in a
subprocess, its report read back from ``--report``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_suite(out: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    command = [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:randomly",
               "--report", str(out), *args]  # fmt: skip
    drop = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "PYTEST_ADDOPTS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    report = out / "report.json"
    assert report.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result, data


def rows_of(data: dict[str, Any], endpoint: str) -> list[dict[str, Any]]:
    return [row for row in data["rows"] if row["endpoint"] == endpoint]

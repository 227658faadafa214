"""The README's flow: after ``eval "$(mockserver env)"`` (or in a shell set up for the real API)
the project's tests and the in-process conformance run still test the mock in process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_callers_openai_variables_reach_no_test() -> None:
    env = {
        **os.environ,
        # A server that is not there and a key it would refuse: any test that read them fails.
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "OPENAI_API_KEY": "sk-from-the-callers-shell",
        "OPENAI_ORG_ID": "org-caller",
    }
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q",
         "conformance/test_models.py", "tests/testing/test_plugin.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]

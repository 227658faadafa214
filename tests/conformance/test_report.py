"""The fidelity report: aggregation, every seed endpoint present, files written; and the whole
suite run in process against a broken target marks the right row failed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.report import ENDPOINTS, NOT_SERVED, FidelityReport


class FakeConfig:
    def getoption(self, name: str, default: object = None) -> object:
        return default


def report() -> FidelityReport:
    return FidelityReport(FakeConfig())  # type: ignore[arg-type]


def test_rows_aggregate_outcomes() -> None:
    r = report()
    r.record("/v1/chat/completions", "usage", "pass", "", "a")
    r.record("/v1/chat/completions", "usage", "fail", "usage missing", "b")
    r.record("/v1/chat/completions", "usage", "fail", "second failure", "c")
    r.record("/v1/chat/completions", "shape", "pass", "", "d")
    r.record("/v1/audio/speech", "served", NOT_SERVED, "not served: 404 Invalid URL", "e")
    rows = {(row.endpoint, row.feature): row for row in r.table()}
    usage = rows[("/v1/chat/completions", "usage")]
    assert (usage.status, usage.reason, usage.passed, usage.failed) == (
        "fail", "usage missing", 1, 2,
    )  # fmt: skip
    assert rows[("/v1/chat/completions", "shape")].status == "pass"
    assert rows[("/v1/audio/speech", "served")].status == NOT_SERVED
    assert {row.endpoint for row in r.table()} >= set(ENDPOINTS)
    assert rows[("/v1/images/generations", "-")].reason == "no checks ran"
    assert "| `/v1/chat/completions` | usage | fail | 1/2/0 | usage missing |" in r.markdown()
    assert r.to_json()["summary"]["fail"] == 1


@pytest.mark.slow
def test_suite_against_a_broken_target_writes_a_failing_report(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "report"
    command = [
        sys.executable, "-m", "pytest", "conformance/test_chat.py", "-q", "-p", "no:randomly",
        "-k", "shape or usage", "--app", "tests.conformance.broken:faulty_drop_usage()",
        "--report", str(out),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_BASE_URL", "PYTEST_ADDOPTS")}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    data = json.loads((out / "report.json").read_text())
    rows = {(r["endpoint"], r["feature"]): r for r in data["rows"]}
    assert rows[("/v1/chat/completions", "shape")]["status"] == "fail"
    assert "usage" in rows[("/v1/chat/completions", "shape")]["reason"]
    assert (out / "report.md").read_text().startswith("# Conformance report")
    assert "conformance report" in result.stdout


def test_an_endpoint_not_served_at_all_is_one_row() -> None:
    r = report()
    r.record("/v1/completions", "shape", NOT_SERVED, "not served: 404 Not Found (POST /v1/c)", "a")
    r.record("/v1/completions", "usage", NOT_SERVED, "not served: 404 Not Found (POST /v1/c)", "b")
    r.record("/v1/completions", "determinism", "skip", "mock-only check", "c")
    r.record("/v1/models", "list shape", "pass", "", "d")
    r.record("/v1/models", "retrieve", NOT_SERVED, "not served: 404 Not Found (GET /v1/m/x)", "e")
    r.record("/v1/models", "auth", "skip", "budget stop", "f")
    rows = [row for row in r.table() if row.endpoint == "/v1/completions"]
    assert [(row.feature, row.status) for row in rows] == [("served", NOT_SERVED)]
    assert (rows[0].not_served, rows[0].skipped, rows[0].checks) == (2, 1, ["a", "b", "c"])
    assert rows[0].reason == "not served: 404 Not Found (POST /v1/c)"
    # an endpoint served in part keeps its rows: what is served passes, the rest says so
    models = {row.feature: row.status for row in r.table() if row.endpoint == "/v1/models"}
    assert models == {"list shape": "pass", "retrieve": NOT_SERVED, "auth": "skip"}
    assert r.summary()[NOT_SERVED] == 2

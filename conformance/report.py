"""The fidelity report: endpoint x feature -> pass / fail / skip / not served, with the first
failure's reason. Printed at the end of every run; saved as JSON and Markdown with ``--report``.

Checks declare where they belong with ``@pytest.mark.conformance(endpoint, feature)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

# The seed's endpoint table (plus the models list and the Assistants API it demonstrates):
# every one of them gets a row, even when the target does not serve it.
ENDPOINTS = (
    "/v1/models",
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
    "/v1/moderations",
    "/v1/audio/transcriptions",
    "/v1/audio/translations",
    "/v1/audio/speech",
    "/v1/fine_tuning/jobs",
    "/v1/images/generations",
    "/v1/realtime",
    "/v1/assistants",
    "/v1/responses",
    "/v1/conversations",
)
NOT_SERVED = "not served"
SERVED = "served"  # the feature of an endpoint's one row when it is not served
ORDER = {"fail": 0, "pass": 1, NOT_SERVED: 2, "skip": 3}


@dataclass
class Row:
    endpoint: str
    feature: str
    status: str = "skip"
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    not_served: int = 0
    reason: str = ""
    checks: list[str] = field(default_factory=list)

    def add(self, outcome: str, reason: str, nodeid: str) -> None:
        self.checks.append(nodeid)
        if outcome == "fail":
            self.failed += 1
            if self.status != "fail":
                self.reason = reason
            self.status = "fail"
        elif outcome == "pass":
            self.passed += 1
            if self.status != "fail":
                self.status, self.reason = "pass", ""
        elif outcome == NOT_SERVED:
            self.not_served += 1
            if self.status == "skip":
                self.status, self.reason = NOT_SERVED, reason
        else:
            self.skipped += 1
            if self.status == "skip" and not self.reason:
                self.reason = reason


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, reason)
        reason = str(longrepr[2]).removeprefix("Skipped: ")
        # a skip raised as a subclass comes as "package.module.Class: reason"
        return _one_line(re.sub(r"^[\w.]+\.\w+: ", "", reason))
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return _one_line(str(crash.message))
    return _one_line(str(longrepr).strip().splitlines()[-1] if longrepr else "")


def _fold_not_served(rows: Iterable[Row]) -> list[Row]:
    """An endpoint the target does not serve at all (no check of it passed or failed, one found
    it not served) is one "not served" row, whatever number of features its checks cover."""
    by_endpoint: dict[str, list[Row]] = {}
    for row in rows:
        by_endpoint.setdefault(row.endpoint, []).append(row)
    out: list[Row] = []
    for endpoint, group in by_endpoint.items():
        absent = [r for r in group if r.status == NOT_SERVED]
        if len(group) == 1 or not absent or any(r.status in ("pass", "fail") for r in group):
            out += group
            continue
        out.append(
            Row(
                endpoint, SERVED, NOT_SERVED,
                skipped=sum(r.skipped for r in group),
                not_served=sum(r.not_served for r in group),
                reason=absent[0].reason,
                checks=[c for r in group for c in r.checks],
            )
        )  # fmt: skip
    return out


class FidelityReport:
    """A pytest plugin: collects outcomes of ``conformance``-marked items into rows."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.where: dict[str, tuple[str, str]] = {}
        self.rows: dict[tuple[str, str], Row] = {}
        self.target = ""

    # --- collection ----------------------------------------------------------------------------

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marker = item.get_closest_marker("conformance")
            if marker is not None:
                endpoint, feature = marker.args[0], marker.args[1]
                self.where[item.nodeid] = (endpoint, feature)

    # --- outcomes ------------------------------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        where = self.where.get(report.nodeid)
        if where is None:
            return
        if report.when == "call" or (report.when == "setup" and not report.passed):
            outcome = "pass" if report.passed else "fail" if report.failed else "skip"
            reason = _reason(report) if outcome != "pass" else ""
            if outcome == "skip" and reason.startswith(NOT_SERVED):
                outcome = NOT_SERVED
            self.record(*where, outcome, reason, report.nodeid)
        elif report.when == "teardown" and report.failed:
            self.record(*where, "fail", "teardown: " + _reason(report), report.nodeid)

    def record(self, endpoint: str, feature: str, outcome: str, reason: str, nodeid: str) -> None:
        key = (endpoint, feature)
        row = self.rows.setdefault(key, Row(endpoint, feature))
        row.add(outcome, reason, nodeid)

    # --- output --------------------------------------------------------------------------------

    def table(self) -> list[Row]:
        rows = dict(self.rows)
        for endpoint in ENDPOINTS:
            if not any(e == endpoint for e, _ in rows):
                rows[(endpoint, "-")] = Row(endpoint, "-", reason="no checks ran")
        rank = {e: i for i, e in enumerate(ENDPOINTS)}
        return sorted(
            _fold_not_served(rows.values()),
            key=lambda r: (rank.get(r.endpoint, 99), r.endpoint, r.feature),
        )

    def summary(self) -> dict[str, int]:
        counts = {"pass": 0, "fail": 0, "skip": 0, NOT_SERVED: 0}
        for row in self.table():
            counts[row.status] += 1
        return counts

    def markdown(self) -> str:
        lines = [
            f"# Conformance report: {self.target or 'target'}",
            "",
            "| endpoint | feature | status | pass/fail/skip | first failure or skip reason |",
            "|---|---|---|---|---|",
        ]
        for r in self.table():
            reason = r.reason.replace("|", "\\|")
            counts = f"{r.passed}/{r.failed}/{r.skipped + r.not_served}"
            lines.append(f"| `{r.endpoint}` | {r.feature} | {r.status} | {counts} | {reason} |")
        s = self.summary()
        lines += ["", ", ".join(f"{v} {k}" for k, v in s.items()) + " (rows)"]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "summary": self.summary(),
            "rows": [asdict(r) for r in self.table()],
        }

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.where:
            return
        tr = terminalreporter
        tr.section(f"conformance report: {self.target or 'target'}")
        table = self.table()
        width_e = max(len(r.endpoint) for r in table)
        width_f = max(len(r.feature) for r in table)
        for r in table:
            counts = f"{r.passed}/{r.failed}/{r.skipped + r.not_served}"
            line = f"{r.endpoint:<{width_e}}  {r.feature:<{width_f}}  {r.status:<10} {counts:>8}"
            if r.reason:
                line += "  " + _one_line(r.reason, 90)
            tr.write_line(line, red=r.status == "fail", green=r.status == "pass")
        tr.write_line(", ".join(f"{v} {k}" for k, v in self.summary().items()) + " (rows)")
        directory = self.config.getoption("conformance_report", None)
        if directory:
            out = Path(directory)
            out.mkdir(parents=True, exist_ok=True)
            (out / "report.json").write_text(
                json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            (out / "report.md").write_text(self.markdown(), encoding="utf-8")
            tr.write_line(f"report written to {out / 'report.json'} and {out / 'report.md'}")

"""Picks the target and guards it.

- no option: the mock in process (the only import of ``mockserver`` in ``conformance/``);
- ``--base-url URL`` with ``--api-key`` (or ``OPENAI_API_KEY``): any server, over the network.
  Without ``--base-url`` the caller's ``OPENAI_*`` variables are ignored: a shell set up by
  ``mockserver env`` (or for the real API) still grades the mock in process;
- ``--app MODULE:ATTR``: any ASGI app in process (the suite's own tests use broken ones).

Against a target that is not the mock a cost estimate is printed before anything is sent; where
requests cost money, costly areas run only when selected by marker. The budget caps the run
where requests cost money: the real API's host (api.openai.com), or any target when
``--max-cost-usd`` is given.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from . import markers
from .budget import DEFAULT_BUDGET_USD, Budget, budget_for, estimate_request
from .report import FidelityReport
from .target import Target, asgi_target, http_target

MOCK_KEY = "sk-conformance"
# A typical request per endpoint, for the up-front estimate (the hooks enforce the real cap).
TYPICAL = {
    "/v1/chat/completions": b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"'
    + b"x" * 300
    + b'"}],"max_tokens":60}',
    "/v1/completions": b'{"model":"gpt-3.5-turbo-instruct","prompt":"'
    + b"x" * 200
    + b'","max_tokens":20}',
    "/v1/embeddings": b'{"model":"text-embedding-3-small","input":"' + b"x" * 300 + b'"}',
    "/v1/responses": b'{"model":"gpt-4o-mini","input":"'
    + b"x" * 300
    + b'","max_output_tokens":32}',
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "OpenAI API conformance suite")
    group.addoption("--base-url", default=None, help="target base URL ending in /v1")
    group.addoption("--api-key", default=None, help="API key for the target")
    group.addoption("--app", default=None, help="an ASGI app MODULE:ATTR to test in process")
    group.addoption(
        "--max-cost-usd",
        type=float,
        default=None,
        help=f"hard budget in USD: applies to any target when given; api.openai.com gets "
        f"${DEFAULT_BUDGET_USD} without it, other targets none",
    )
    group.addoption("--report", dest="conformance_report", default=None, metavar="DIR")


def pytest_configure(config: pytest.Config) -> None:
    markers.register(config)
    if not config.pluginmanager.has_plugin("conformance-report"):
        report = FidelityReport(config)
        report.target = describe(config)
        config.pluginmanager.register(report, "conformance-report")


def base_url(config: pytest.Config) -> str | None:
    url = config.getoption("base_url") or None
    return url.rstrip("/") if url else None


def run_budget(config: pytest.Config) -> Budget:
    """The run's budget: see ``budget_for`` (an ASGI app in process has no host)."""
    url = None if config.getoption("app") else base_url(config)
    return budget_for(url, config.getoption("max_cost_usd"))


def describe(config: pytest.Config) -> str:
    if config.getoption("app"):
        return f"ASGI app {config.getoption('app')} (in process)"
    url = base_url(config)
    return url if url else "the mock (in process)"


def pytest_collection_finish(session: pytest.Session) -> None:
    """The estimate, printed before any request: collection sends nothing."""
    config = session.config
    items = [i for i in session.items if i.get_closest_marker("conformance")]
    if not items or not (base_url(config) or config.getoption("app")):
        return
    requests, cost = 0, 0.0
    for item in items:
        marker = item.get_closest_marker("conformance")
        assert marker is not None
        n = int(marker.kwargs.get("requests", 1))
        requests += n
        cost += n * estimate_request(marker.args[0], TYPICAL.get(marker.args[0], b""))
    budget = run_budget(config)
    if not budget.enforced:
        cap = "no budget: the target is not the real API (--max-cost-usd sets one)"
    elif config.getoption("max_cost_usd") is None:
        cap = f"hard budget ${budget.limit_usd:.4f} (the real API; --max-cost-usd changes it)"
    else:
        cap = f"hard budget ${budget.limit_usd:.4f} (--max-cost-usd)"
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    lines = [
        f"conformance target: {describe(config)}",
        f"conformance estimate: {len(items)} checks, ~{requests} requests, "
        f"~${cost:.4f} if billed at OpenAI prices; {cap}",
    ]
    for line in lines:
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line)


def load_app(spec: str) -> Any:
    """``module:attr`` names an ASGI app; ``module:factory()`` calls a factory for one."""
    module, _, attr = spec.partition(":")
    factory = attr.endswith("()")
    app = getattr(importlib.import_module(module), attr.removesuffix("()") or "app")
    return app() if factory else app


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    url = base_url(pytestconfig)
    app_spec = pytestconfig.getoption("app")
    budget = run_budget(pytestconfig)
    caller_key = os.environ.get("OPENAI_API_KEY") if url else None  # only for a chosen server
    key = pytestconfig.getoption("api_key") or caller_key or MOCK_KEY
    label = describe(pytestconfig)
    if app_spec:
        with asgi_target(load_app(app_spec), key=key, budget=budget, label=label) as t:
            yield t
    elif url:
        with http_target(url, key=key, budget=budget) as t:
            yield t
    else:
        with asgi_target(
            in_process_mock(), key=MOCK_KEY, budget=budget, label=label, is_mock=True
        ) as t:
            yield t


def in_process_mock() -> Any:
    from mockserver import create_app
    from mockserver.clock import FixedClock
    from mockserver.settings import Settings

    # one accepted key, so a wrong key gets the real 401 (the mock takes any key by default)
    settings = Settings(seed=0, clock=FixedClock(1_700_000_000), api_keys=(MOCK_KEY,))
    return create_app(settings)


@pytest.fixture(autouse=True)
def _guard(request: pytest.FixtureRequest) -> None:
    """Skips what this target should not get: mock-only checks elsewhere, costly areas not
    asked for, anything after the budget stop."""
    if request.node.get_closest_marker("conformance") is None:
        return
    t: Target = request.getfixturevalue("target")
    if request.node.get_closest_marker("mock_only") and not t.is_mock:
        pytest.skip("mock-only check (the target is not the mock)")
    if not t.is_mock and t.budget.enforced:  # costly where requests cost money
        markexpr = request.config.getoption("markexpr") or ""
        for area in markers.COSTLY:
            if request.node.get_closest_marker(area) and area not in markexpr:
                pytest.skip(f"costly area: select it with -m {area}")
    if t.budget.exhausted:
        pytest.skip("budget stop: the budget is spent")


@pytest.fixture(scope="session")
def client(target: Target) -> Any:
    """The official SDK client, over the target's HTTP client."""
    return target.sdk()

"""A pytest plugin (entry point ``pytest11``) for testing code that calls the OpenAI API.

Fixtures: ``mock_settings`` (override it to change seed, keys, rules), ``mock_app``,
``openai_client`` / ``async_openai_client`` (the real ``openai`` SDK wired to the app in
process through a transport: no socket, no patching) and ``mock_server_url`` (uvicorn on a
free loopback port, in a thread).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ..app import create_app
from ..clock import FixedClock
from ..settings import Settings
from .server import ServerThread

TEST_KEY = "sk-mock-test"
FROZEN_TIME = 1_700_000_000


@pytest.fixture
def mock_settings() -> Settings:
    """Seed 0 and a frozen clock, so every response is reproducible to the byte."""
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME))


@pytest.fixture
def mock_app(mock_settings: Settings) -> Iterator[Starlette]:
    app = create_app(mock_settings)
    yield app


@pytest.fixture
def mock_http(mock_app: Starlette) -> Iterator[TestClient]:
    """An httpx2 client bound to the app in process, carrying the test key."""
    with TestClient(
        mock_app, base_url="http://mock", headers={"Authorization": f"Bearer {TEST_KEY}"}
    ) as client:
        yield client


@pytest.fixture
def openai_client(mock_http: TestClient) -> Any:
    from openai import OpenAI

    return OpenAI(api_key=TEST_KEY, base_url="http://mock/v1", http_client=mock_http)


@pytest.fixture
def async_openai_client(mock_app: Starlette) -> Iterator[Any]:
    """``openai.AsyncOpenAI`` wired to the app in process. A plain fixture, so it needs no async
    plugin: a plain ``async def`` test that takes it is run by this plugin (see below), and one
    marked for anyio or pytest-asyncio by that plugin."""
    from openai import AsyncOpenAI

    transport = httpx2.ASGITransport(app=mock_app)
    http = httpx2.AsyncClient(transport=transport, base_url="http://mock")
    yield AsyncOpenAI(api_key=TEST_KEY, base_url="http://mock/v1", http_client=http)
    # The in-process transport holds no connection tied to the test's event loop.
    asyncio.run(http.aclose())


_ASYNC_PLUGIN_MARKS = ("anyio", "asyncio", "trio")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run a plain ``async def`` test that uses ``async_openai_client`` on a fresh event loop,
    so it works with this package alone. Tests another async plugin claims (by its marker), and
    async tests that do not use this plugin's client, are left to whoever runs them."""
    test = pyfuncitem.obj
    if not inspect.iscoroutinefunction(test) or "async_openai_client" not in pyfuncitem.funcargs:
        return None
    if any(pyfuncitem.get_closest_marker(name) for name in _ASYNC_PLUGIN_MARKS):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(test(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def mock_server_url(mock_app: Starlette) -> Iterator[str]:
    """The ``/v1`` base URL of the app served over a real loopback socket."""
    with ServerThread(mock_app) as server:
        yield server.url + "/v1"

"""The server under test, reached only over HTTP: raw ``httpx2`` and the official SDK, both
through one client whose hooks enforce the budget and spot endpoints the target lacks."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest

from .budget import Budget

DEFAULT_KEY = object()  # request(): use the target's key


@dataclass(frozen=True)
class Models:
    """The cheapest model per endpoint (override them to grade a server with other names)."""

    chat: str = "gpt-4o-mini"
    completion: str = "gpt-3.5-turbo-instruct"
    embedding: str = "text-embedding-3-small"
    embedding_legacy: str = "text-embedding-ada-002"
    moderation: str = "omni-moderation-latest"


class NotServed(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """The target answered 404 "Invalid URL": it does not serve the endpoint at all."""


def is_invalid_url(response: httpx2.Response) -> bool:
    if response.status_code != 404:
        return False
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(message, str) and message.startswith("Invalid URL")


@dataclass
class Target:
    base_url: str  # ends in /v1
    api_key: str
    http: httpx2.Client
    budget: Budget
    is_mock: bool
    label: str
    models: Models = field(default_factory=Models)
    allow_invalid_url: bool = False

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.http.event_hooks = {"request": [self._on_request], "response": [self._on_response]}

    # --- hooks --------------------------------------------------------------------------------

    def _on_request(self, request: httpx2.Request) -> None:
        self.budget.charge(request.url.path, request.read())

    def _on_response(self, response: httpx2.Response) -> None:
        if self.allow_invalid_url or response.status_code != 404:
            return
        response.read()
        if is_invalid_url(response):
            request = response.request
            raise NotServed(f"not served: 404 Invalid URL ({request.method} {request.url.path})")

    @contextlib.contextmanager
    def expecting_invalid_url(self) -> Iterator[None]:
        """Let a 404 "Invalid URL" through as a response (the error catalogue asks for one)."""
        previous, self.allow_invalid_url = self.allow_invalid_url, True
        try:
            yield
        finally:
            self.allow_invalid_url = previous

    # --- requests ----------------------------------------------------------------------------

    @property
    def root(self) -> str:
        return self.base_url.removesuffix("/v1")

    def url(self, path: str) -> str:
        """``/chat/completions`` → under the base URL; ``/__mock__/...`` → under the root."""
        if path.startswith("/__mock__"):
            return self.root + path
        return self.base_url + path

    def build(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | str | None = None,
        key: Any = DEFAULT_KEY,
        headers: dict[str, str] | None = None,
    ) -> httpx2.Request:
        extra = {"Content-Type": "application/json"} if content is not None else {}
        request = self.http.build_request(
            method,
            self.url(path),
            json=json_body,
            content=content,
            headers={**extra, **(headers or {})},
        )
        if key is None:
            request.headers.pop("Authorization", None)
        else:
            request.headers["Authorization"] = (
                f"Bearer {self.api_key if key is DEFAULT_KEY else key}"
            )
        return request

    def request(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        return self.http.send(self.build(method, path, **kwargs))

    def post(self, path: str, body: Any, **kwargs: Any) -> httpx2.Response:
        return self.request("POST", path, json_body=body, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.request("GET", path, **kwargs)

    @contextlib.contextmanager
    def stream(self, path: str, body: Any) -> Iterator[httpx2.Response]:
        response = self.http.send(self.build("POST", path, json_body=body), stream=True)
        try:
            yield response
        finally:
            response.close()

    def post_stream_text(self, path: str, body: Any) -> tuple[httpx2.Response, str]:
        """POST and read the whole SSE body as text (the framing is what is checked)."""
        with self.stream(path, body) as response:
            text = response.read().decode("utf-8")
        return response, text

    def sdk(self) -> Any:
        """The official client over the same HTTP client (same budget, same hooks)."""
        from openai import OpenAI

        return OpenAI(
            api_key=self.api_key, base_url=self.base_url, http_client=self.http, max_retries=0
        )

    def probe_mock(self) -> bool:
        """Whether the target answers the mock's control API (a free GET)."""
        try:
            with self.expecting_invalid_url():
                response = self.get("/__mock__/rules")
            return response.status_code == 200 and json.loads(response.text).get("object") == (
                "list"
            )
        except (httpx2.HTTPError, ValueError, AttributeError):
            return False


@contextlib.contextmanager
def asgi_target(
    app: Any, *, key: str, budget: Budget, label: str, is_mock: bool | None = None
) -> Iterator[Target]:
    """A target served in process through Starlette's TestClient (an httpx2 client whose
    transport calls the app): no socket. ``is_mock=None`` asks the app itself."""
    from starlette.testclient import TestClient

    with TestClient(app, base_url="http://target", raise_server_exceptions=False) as http:
        target = Target("http://target/v1", key, http, budget, False, label)
        target.is_mock = target.probe_mock() if is_mock is None else is_mock
        yield target


@contextlib.contextmanager
def http_target(url: str, *, key: str, budget: Budget) -> Iterator[Target]:
    """A target over the network; budgeted unless it turns out to be the mock."""
    with httpx2.Client(timeout=httpx2.Timeout(60.0, connect=10.0)) as http:
        budget.enforced = True
        target = Target(url, key, http, budget, False, url)
        target.is_mock = target.probe_mock()
        budget.enforced = not target.is_mock
        yield target

"""The server under test, reached only over HTTP: raw ``httpx2`` and the official SDK, both
through one client whose hooks enforce the budget and spot endpoints the target lacks.

An endpoint is "not served" when its basic request gets a 404 or a 405, whatever the body: the
real API's 404 "Invalid URL", FastAPI's ``{"detail": "Not Found"}``, a plain-text "Not Found".
Where a 404 can be the endpoint's own answer (an unknown model, the error catalogue), it stands
only if the endpoint is served (``error_request``)."""

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
NOT_FOUND = (404, 405)  # how a server says it does not serve a URL (or a method on it)
# The method of each endpoint's basic request (POST unless named here).
BASIC_METHOD = {"/v1/models": "GET"}


@dataclass(frozen=True)
class Models:
    """The cheapest model per endpoint (override them to grade a server with other names)."""

    chat: str = "gpt-4o-mini"
    completion: str = "gpt-3.5-turbo-instruct"
    embedding: str = "text-embedding-3-small"
    embedding_legacy: str = "text-embedding-ada-002"
    moderation: str = "omni-moderation-latest"
    realtime: str = "gpt-realtime-mini"


class NotServed(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """The target answered 404 or 405: it does not serve the endpoint at all."""


def not_served(response: httpx2.Response) -> NotServed:
    """``not served: 404 Invalid URL (POST /v1/x)``: the status, the server's own words."""
    request = response.request
    where = f"({request.method} {request.url.path})"
    words = _words(response)
    if not words.endswith(where):
        words = f"{words} {where}".strip()
    return NotServed(f"not served: {response.status_code} {words}")


def _words(response: httpx2.Response) -> str:
    """What a 404/405 body says: the OpenAI envelope's message, FastAPI's detail, or the text."""
    try:
        data = response.json()
    except ValueError:
        data = None
    said: Any = None
    if isinstance(data, dict):
        error = data.get("error")
        said = error.get("message") if isinstance(error, dict) else error
        said = said if said is not None else data.get("detail")
    if not isinstance(said, str):
        said = response.text
    words = " ".join(said.split())
    return words if len(words) <= 100 else words[:99] + "…"


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
    served: dict[str, bool] = field(default_factory=dict)  # endpoint -> served? (serves())

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.http.event_hooks = {"request": [self._on_request], "response": [self._on_response]}

    # --- hooks --------------------------------------------------------------------------------

    def _on_request(self, request: httpx2.Request) -> None:
        self.budget.charge(request.url.path, request.read())

    def _on_response(self, response: httpx2.Response) -> None:
        if self.allow_invalid_url or response.status_code not in NOT_FOUND:
            return
        response.read()
        raise not_served(response)

    @contextlib.contextmanager
    def expecting_invalid_url(self) -> Iterator[None]:
        """Let a 404 or 405 through as a response (a check that asks for one judges it)."""
        previous, self.allow_invalid_url = self.allow_invalid_url, True
        try:
            yield
        finally:
            self.allow_invalid_url = previous

    def serves(self, endpoint: str) -> bool:
        """Whether ``endpoint`` (``/v1/completions``) is served: its basic request, sent bare
        (no body: free, and a served endpoint answers it with a 4xx of its own), gets anything
        but a 404 or 405. Asked once per endpoint."""
        if endpoint not in self.served:
            method = BASIC_METHOD.get(endpoint, "POST")
            with self.expecting_invalid_url():
                probe = self.request(method, endpoint.removeprefix("/v1"))
            self.served[endpoint] = probe.status_code not in NOT_FOUND
        return self.served[endpoint]

    def error_request(
        self, endpoint: str, method: str, path: str, **kwargs: Any
    ) -> httpx2.Response:
        """A request whose answer may rightly be a 404 (an unknown model, an unknown URL): a 404
        or 405 is returned to be judged when ``endpoint`` is served, and is "not served" when
        the endpoint's basic request gets one too."""
        with self.expecting_invalid_url():
            response = self.request(method, path, **kwargs)
        if response.status_code in NOT_FOUND and not self.serves(endpoint):
            raise not_served(response)
        return response

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
        files: Any = None,
        data: Any = None,
        params: Any = None,
    ) -> httpx2.Request:
        """``files`` and ``data`` make a multipart body (uploads); ``params`` a query string."""
        extra = {"Content-Type": "application/json"} if content is not None else {}
        request = self.http.build_request(
            method,
            self.url(path),
            json=json_body,
            content=content,
            files=files,
            data=data,
            params=params,
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
    def stream(
        self, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> Iterator[httpx2.Response]:
        request = self.build("POST", path, json_body=body, headers=headers)
        response = self.http.send(request, stream=True)
        try:
            yield response
        finally:
            response.close()

    def post_stream_text(
        self, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> tuple[httpx2.Response, str]:
        """POST and read the whole SSE body as text (the framing is what is checked)."""
        with self.stream(path, body, headers) as response:
            text = response.read().decode("utf-8")
        return response, text

    def sdk(self) -> Any:
        """The official client over the same HTTP client (same budget, same hooks)."""
        from openai import OpenAI

        return OpenAI(
            api_key=self.api_key, base_url=self.base_url, http_client=self.http, max_retries=0
        )

    @contextlib.contextmanager
    def keys_restricted(self) -> Iterator[None]:
        """For a check of how a wrong key is answered. The mock as ``make serve`` starts it
        accepts any key, so for the block it is told to accept only this run's key
        (``/__mock__/keys``), and afterwards to accept any again. Any other target, and a mock
        that already restricts its keys, is left as it is: a wrong key is just sent."""
        restrict = False
        if self.is_mock:
            with self.expecting_invalid_url():
                keys = self.get("/__mock__/keys")
            restrict = keys.status_code == 200 and keys.json().get("restricted") is False
        if restrict:
            restricted = self.post("/__mock__/keys", {"api_keys": [self.api_key]})
            assert restricted.status_code == 200, f"POST /__mock__/keys: {restricted.text[:200]}"
        try:
            yield
        finally:
            if restrict:
                self.request("DELETE", "/__mock__/keys")

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
    """A target over the network (``budget`` is ``budget_for`` its URL)."""
    with httpx2.Client(timeout=httpx2.Timeout(60.0, connect=10.0)) as http:
        target = Target(url, key, http, budget, False, url)
        target.is_mock = target.probe_mock()
        yield target

"""The target's view of "not served": any 404 or 405 on an endpoint's basic request, whatever
the body; where a 404 may be the endpoint's own answer, it stands when the endpoint is served."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from conformance.budget import Budget
from conformance.target import NotServed, Target

Handler = Callable[[httpx2.Request], httpx2.Response]


def target_of(handler: Handler) -> Target:
    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    return Target("http://other/v1", "sk-x", http, Budget(1.0, enforced=False), False, "other")


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (httpx2.Response(404, json={"detail": "Not Found"}), "404 Not Found"),
        (httpx2.Response(404, text="Not Found"), "404 Not Found"),
        (httpx2.Response(405, json={"detail": "Method Not Allowed"}), "405 Method Not Allowed"),
        (httpx2.Response(405, text=""), "405"),
        (
            httpx2.Response(404, json={"error": {"message": "Invalid URL (POST /v1/completions)"}}),
            "404 Invalid URL",
        ),
        (httpx2.Response(404, json={"error": "no such route"}), "404 no such route"),
    ],
    ids=["fastapi-404", "plain-404", "fastapi-405", "bare-405", "openai-404", "other-404"],
)
def test_a_404_or_405_is_not_served_whatever_the_body(
    response: httpx2.Response, words: str
) -> None:
    target = target_of(lambda request: response)
    with pytest.raises(NotServed) as skip:
        target.post("/completions", {"model": "m", "prompt": "p"})
    assert skip.value.msg == f"not served: {words} (POST /v1/completions)"


def test_a_404_stands_as_the_answer_of_a_served_endpoint() -> None:
    sent: list[tuple[str, bytes]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append((request.url.path, request.read()))
        if request.url.path == "/v1/completions" and not request.content:
            return httpx2.Response(400, json={"detail": "a bad request, from a served route"})
        return httpx2.Response(404, json={"detail": "Model not found"})

    target = target_of(handler)
    body = {"model": "no-such-model", "prompt": "p"}
    response = target.error_request("/v1/completions", "POST", "/completions", json_body=body)
    assert response.status_code == 404  # the endpoint is served: its 404 is judged
    target.error_request("/v1/completions", "POST", "/completions", json_body=body)
    # two requests and one bare probe (asked once, then remembered)
    assert [content for _, content in sent].count(b"") == 1 and len(sent) == 3
    assert target.served == {"/v1/completions": True}
    with pytest.raises(NotServed):  # its basic request is not an error request
        target.post("/completions", body)


def test_an_error_request_to_an_endpoint_not_served_is_not_served() -> None:
    target = target_of(lambda request: httpx2.Response(404, text="Not Found"))
    with pytest.raises(NotServed, match=r"not served: 404 Not Found \(GET /v1/models/x\)"):
        target.error_request("/v1/models", "GET", "/models/x")
    assert target.served == {"/v1/models": False}


def test_a_wrong_key_is_sent_as_it_is_to_a_target_that_is_not_the_mock() -> None:
    """Against a target that is not the mock, a wrong key is sent as it is: no control API."""
    sent: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(request.url.path)
        return httpx2.Response(401, json={"error": {"message": "no"}})

    target = target_of(handler)
    with target.keys_restricted():
        target.get("/models", key="sk-wrong")
    assert sent == ["/v1/models"]

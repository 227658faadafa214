"""/v1/assistants (Assistants API v2): the seed's create gives every field the notes show, a
round trip through retrieve, modify, list and delete, and the ``OpenAI-Beta`` header the API
requires. A costly area (``-m assistants``): the real API retired it on 2026-08-26 and answers
404, which the report shows as "not served". Every check deletes what it made."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from openai.types.beta import Assistant, AssistantDeleted

from . import checks, schemas
from .target import Target

ASSISTANTS = "/v1/assistants"
V2 = {"OpenAI-Beta": "assistants=v2"}
SEED_BODY = {
    "name": "Your Assistant Name",
    "description": "A brief description of what this assistant is for",
    "model": "gpt-3.5-turbo",
}
# What the notes print for the seed's body (beside the id and the time).
SEED_DEFAULTS = {
    "object": "assistant", "instructions": None, "tools": [], "top_p": 1.0, "temperature": 1.0,
    "tool_resources": {}, "metadata": {}, "response_format": "auto",
}  # fmt: skip
MISSING_HEADER = (
    "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again "
    "by setting the header 'OpenAI-Beta: assistants=v2'."
)

pytestmark = [
    pytest.mark.assistants,
    pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning"),
]


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ASSISTANTS, feature)


def shape(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(response, Assistant, "AssistantObject")
    return data


@contextlib.contextmanager
def cleanup(target: Target) -> Iterator[list[str]]:
    """Ids of the assistants a check creates, deleted afterwards."""
    ids: list[str] = []
    try:
        yield ids
    finally:
        for assistant_id in ids:
            target.request("DELETE", f"/assistants/{assistant_id}", headers=V2)


def create(target: Target, made: list[str], body: dict[str, Any]) -> dict[str, Any]:
    data = shape(target.post("/assistants", body, headers=V2))
    made.append(data["id"])
    return data


@at("create")
def test_seed_create_gives_every_field(target: Target) -> None:
    with cleanup(target) as made:
        data = create(target, made, SEED_BODY)
    expected = {**SEED_DEFAULTS, **SEED_BODY}
    got = {k: data.get(k) for k in expected}
    assert got == expected, f"fields {got}, expected {expected}"


@at("round trip")
def test_round_trip(target: Target) -> None:
    with cleanup(target) as made:
        _round_trip(target, made)


def _round_trip(target: Target, made: list[str]) -> None:
    data = create(target, made, {**SEED_BODY, "metadata": {"check": "round trip"}})
    again = shape(target.get(f"/assistants/{data['id']}", headers=V2))
    assert again == data, f"retrieve gives {again}, create gave {data}"
    changed = shape(
        target.post(
            f"/assistants/{data['id']}", {"instructions": "Be brief.", "top_p": 0.5}, headers=V2
        )
    )
    assert (changed["instructions"], changed["top_p"], changed["name"]) == (
        "Be brief.", 0.5, SEED_BODY["name"]
    ), changed  # fmt: skip
    listed = target.get("/assistants", params={"limit": 100}, headers=V2)
    assert listed.status_code == 200, listed.text[:300]
    page = checks.body_of(listed)
    schemas.validate_openapi("ListAssistantsResponse", page)
    assert data["id"] in [a["id"] for a in page["data"]], "the new assistant is not listed"
    deleted = checks.expect_json(
        target.request("DELETE", f"/assistants/{data['id']}", headers=V2),
        AssistantDeleted,
        "DeleteAssistantResponse",
    )
    made.remove(data["id"])
    assert deleted == {"id": data["id"], "object": "assistant.deleted", "deleted": True}, deleted
    gone = target.error_request(ASSISTANTS, "GET", f"/assistants/{data['id']}", headers=V2)
    error = checks.expect_error(gone, 404)
    assert error["message"] == f"No assistant found with id '{data['id']}'.", error


@at("list")
def test_list_pages_newest_first(target: Target) -> None:
    with cleanup(target) as made:
        _list_pages(target, made)


def _list_pages(target: Target, made: list[str]) -> None:
    ids = [create(target, made, {"model": target.models.chat})["id"] for _ in range(3)]
    page = checks.body_of(target.get("/assistants", params={"limit": 2}, headers=V2))
    assert [a["id"] for a in page["data"]] == ids[::-1][:2], page
    assert page["has_more"] is True and page["first_id"] == ids[2], page
    rest = checks.body_of(
        target.get("/assistants", params={"order": "asc", "after": ids[0]}, headers=V2)
    )
    assert [a["id"] for a in rest["data"]][:2] == ids[1:], rest


@at("beta header")
def test_the_beta_header_is_required(target: Target) -> None:
    missing = target.error_request(ASSISTANTS, "POST", "/assistants", json_body=SEED_BODY)
    error = checks.expect_error(missing, 400)
    assert (error["message"], error["code"]) == (MISSING_HEADER, "invalid_beta"), error

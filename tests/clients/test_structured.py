from __future__ import annotations

import pytest
from openai import OpenAI
from pydantic import BaseModel
from starlette.testclient import TestClient

from clients.structured import EXAMPLE_PROMPT, CalendarEvent, extract

from .conftest import journal


def test_the_answer_is_a_validated_object(client: OpenAI, mock_http: TestClient) -> None:
    event = extract(client, CalendarEvent, EXAMPLE_PROMPT, instructions="Extract the event.")
    assert isinstance(event, CalendarEvent)
    assert isinstance(event.participants, list)
    sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["strict"] is True


class Score(BaseModel):
    value: int
    reason: str


@pytest.mark.parametrize("schema", [CalendarEvent, Score])
def test_any_pydantic_model(client: OpenAI, schema: type[BaseModel]) -> None:
    assert isinstance(extract(client, schema, "Rate the weather today."), schema)

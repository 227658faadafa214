from __future__ import annotations

from openai import OpenAI
from starlette.testclient import TestClient

from clients.chat import ask, build_messages, reply_text, stream_chunks, stream_text

from .conftest import journal


def test_one_shot_chat_with_a_developer_prompt(client: OpenAI, mock_http: TestClient) -> None:
    completion = ask(client, "Hello!", instructions="You are a helpful assistant.", model="gpt-4o")
    assert completion.object == "chat.completion"
    assert reply_text(completion)
    sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]
    assert sent["messages"] == [
        {"role": "developer", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Hello!"},
    ]


def test_a_system_prompt_and_extra_parameters(client: OpenAI, mock_http: TestClient) -> None:
    ask(client, "AI가 무엇인가요??", instructions="당신은 유용한 조수입니다.", role="system",
        temperature=0.2, max_tokens=150)  # fmt: skip
    sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]
    assert sent["messages"][0] == {"role": "system", "content": "당신은 유용한 조수입니다."}
    assert (sent["temperature"], sent["max_tokens"]) == (0.2, 150)


def test_no_instructions_sends_the_prompt_alone() -> None:
    assert build_messages("Hi") == [{"role": "user", "content": "Hi"}]


def test_streaming_yields_the_text_in_pieces(client: OpenAI) -> None:
    pieces = list(stream_text(client, "HELLO!", instructions="You are a helpful assistant."))
    assert len(pieces) > 1
    assert all(pieces)
    # The same request unstreamed gives the same text (the mock is deterministic).
    whole = reply_text(ask(client, "HELLO!", instructions="You are a helpful assistant."))
    assert "".join(pieces) == whole


def test_the_raw_chunks_start_with_the_role_and_end_with_finish_reason(client: OpenAI) -> None:
    chunks = list(stream_chunks(client, "HELLO!"))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"

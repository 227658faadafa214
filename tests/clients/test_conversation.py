from __future__ import annotations

import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.conversation import ContextTooLong, Conversation, count_message_tokens

from .conftest import journal

INSTRUCTIONS = "당신은 유용한 조수입니다."
QUESTIONS = [
    "지도학습은 무엇인가요?",
    "지도 학습에 대해 예제 코드를 만들어 주세요",
    "비지도 학습은요?",
]


def test_the_context_is_kept_across_turns(client: OpenAI, mock_http: TestClient) -> None:
    chat = Conversation(client, instructions=INSTRUCTIONS, max_tokens=150)
    first = chat.say(QUESTIONS[0])
    chat.say(QUESTIONS[1])
    sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]["messages"]
    assert sent == [
        {"role": "system", "content": INSTRUCTIONS},
        {"role": "user", "content": QUESTIONS[0]},
        {"role": "assistant", "content": first},
        {"role": "user", "content": QUESTIONS[1]},
    ]
    assert chat.dropped_messages == 0


def test_the_local_count_is_the_servers(client: OpenAI) -> None:
    chat = Conversation(client, model="gpt-4o-mini", instructions=INSTRUCTIONS)
    for question in QUESTIONS:
        chat.say(question)
        assert chat.last_completion is not None and chat.last_completion.usage is not None
        sent = chat.messages[:-1]  # what went out: the history before the answer
        assert count_message_tokens(sent, chat.model) == chat.last_completion.usage.prompt_tokens


def test_the_oldest_turns_go_first_to_stay_within_the_budget(
    client: OpenAI, mock_http: TestClient
) -> None:
    budget = 120
    chat = Conversation(client, instructions=INSTRUCTIONS, token_budget=budget, max_tokens=60)
    for question in QUESTIONS * 2:
        chat.say(question)
        sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]["messages"]
        assert count_message_tokens(sent, chat.model) <= budget
        assert sent[0] == {"role": "system", "content": INSTRUCTIONS}
        assert sent[-1] == {"role": "user", "content": question}
        assert [m["role"] for m in sent[1:]] == ["user", "assistant"] * (len(sent) // 2 - 1) + [
            "user"
        ]
    assert chat.dropped_messages > 0
    assert chat.dropped_messages % 2 == 0  # whole turns: a question with its answer


def test_a_message_that_alone_passes_the_budget_is_refused(client: OpenAI) -> None:
    chat = Conversation(client, instructions=INSTRUCTIONS, token_budget=30)
    with pytest.raises(ContextTooLong):
        chat.say("word " * 100)
    assert chat.messages == [{"role": "system", "content": INSTRUCTIONS}]


def test_the_budget_must_be_positive(client: OpenAI) -> None:
    with pytest.raises(ValueError, match="positive"):
        Conversation(client, token_budget=0)

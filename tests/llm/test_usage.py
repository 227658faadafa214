from __future__ import annotations

from mockserver.llm.usage import chat_usage, completion_usage


def test_usage_objects_add_up() -> None:
    usage = chat_usage(9, 12)
    assert usage["total_tokens"] == 21
    assert usage["completion_tokens_details"]["reasoning_tokens"] == 0
    assert completion_usage(5, 16) == {
        "prompt_tokens": 5,
        "completion_tokens": 16,
        "total_tokens": 21,
    }

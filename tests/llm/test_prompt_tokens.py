from __future__ import annotations

from mockserver import tokens
from mockserver.llm.messages import Conversation
from mockserver.llm.prompt_tokens import IMAGE_TOKENS, count_messages


def _count(messages: list[dict[str, object]], encoding: str = "o200k_base") -> int:
    return count_messages(Conversation.of(messages).messages, encoding)


def test_chat_counting_follows_the_cookbook() -> None:
    # 3 framing + "user" (1) + "Hello!" (2) + 3 priming
    assert _count([{"role": "user", "content": "Hello!"}]) == 3 + 1 + 2 + 3
    named = [{"role": "user", "name": "kim", "content": "Hello!"}]
    assert _count(named) == 9 + 1 + tokens.count("kim", "o200k_base")


def test_text_parts_count_as_one_text_and_images_at_a_flat_rate() -> None:
    parts = [
        {"type": "text", "text": "Hello"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "text", "text": "!"},
    ]
    plain = _count([{"role": "user", "content": "Hello!"}])
    assert _count([{"role": "user", "content": parts}]) == plain + IMAGE_TOKENS


def test_tool_turns_count_their_calls_and_ids_and_nothing_else() -> None:
    def n(text: str) -> int:
        return tokens.count(text, "o200k_base")

    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    turns = [
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
    ]
    # The call's id and type are not counted, nor a content of null; the result's id is.
    assistant = 3 + n("assistant") + n("f") + n("{}")
    tool = 3 + n("tool") + n("call_1") + n("sunny")
    assert _count(turns) == assistant + tool + 3
    # A name that is not a string, and keys the cookbook does not count, add nothing.
    assert _count([{"role": "user", "content": "Hi", "name": 7, "extra": "x"}]) == _count(
        [{"role": "user", "content": "Hi"}]
    )

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

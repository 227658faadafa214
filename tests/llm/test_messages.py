from __future__ import annotations

from mockserver.llm.messages import Conversation, Message, part_texts


def test_one_extractor_for_strings_and_parts() -> None:
    assert part_texts("hi") == ("hi",)
    parts = [
        {"type": "text", "text": "Hello"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "refusal", "refusal": "no"},
    ]
    assert part_texts(parts) == ("Hello", "no")
    assert part_texts(None) == ()
    message = Message.of({"role": "user", "content": parts})
    assert message.text == "Hello no" and message.image_count == 1


def test_a_conversation_knows_what_the_reply_answers() -> None:
    conversation = Conversation.of(
        [
            {"role": "system", "content": "Answer in JSON."},
            {"role": "user", "content": "날씨 어때?"},
            {"role": "assistant", "content": None, "tool_calls": []},
            {"role": "tool", "tool_call_id": "call_1", "content": "맑음"},
        ]
    )
    assert conversation.last_user_text == "날씨 어때?"
    assert conversation.language == "ko"
    assert conversation.tool_results == ["맑음"]
    assert conversation.instructions == "Answer in JSON."
    assert conversation.mentions("json") and not conversation.mentions("xml")
    assert not conversation.ends_with_assistant


def test_without_letters_the_instructions_set_the_language() -> None:
    conversation = Conversation.of(
        [{"role": "system", "content": "한국어로 답하세요."}, {"role": "user", "content": "2+2?"}]
    )
    assert conversation.language == "ko"


def test_a_string_is_its_own_text_and_parts_are_joined_then_trimmed() -> None:
    assert Message.of({"role": "user", "content": " hi "}).text == " hi "
    parts = [{"type": "text", "text": " a"}, {"type": "text", "text": "b "}]
    message = Message.of({"role": "user", "content": parts})
    assert message.parts == (" a", "b ") and message.text == "a b"
    assert Message.of({"role": "assistant", "content": None}).text == ""


def test_the_language_is_worked_out_once() -> None:
    conversation = Conversation.of([{"role": "user", "content": "Hello there"}])
    assert conversation.language == "en"
    assert conversation.language is conversation.language
    assert conversation.instructions == "" and conversation.tool_results == []

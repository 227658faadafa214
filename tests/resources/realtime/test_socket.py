"""The GA Realtime socket in process: the real event order for text and audio answers, audio in
(server VAD on its energy, transcription of the mock's own speech), function tools across
turns, the conversation's item events, and the errors: ``error`` events on a session that lives
on, and the key and model checked after the upgrade (error event, then close 3000 / 4000)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from mockserver.catalogue import Catalogue
from mockserver.generate.audio import speech, tag
from mockserver.llm.messages import Conversation as Messages
from mockserver.llm.plan import ModelCall, plan
from mockserver.llm.prompt_tokens import count_messages
from mockserver.resources.realtime import audio
from mockserver.resources.realtime.config import DEFAULT_INSTRUCTIONS
from tests.resources.realtime.helpers import (
    GA_TEXT,
    TEXT_END,
    WEATHER,
    append,
    ask,
    client,
    pcm,
    session,
    text_message,
    types,
)

RATE_16K = {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}
TEXT_TURN = [
    "response.created",
    "response.output_item.added",
    "conversation.item.added",
    "response.content_part.added",
]


def test_a_text_answer_comes_in_the_real_order_with_the_text_chat_plans() -> None:
    with session() as socket:
        socket.send(**GA_TEXT)
        assert socket.recv()["session"]["output_modalities"] == ["text"]
        events = ask(socket, "Say hi in three words")
    kinds = types(events)
    assert kinds[:4] == TEXT_TURN and kinds[-6:] == TEXT_END
    assert set(kinds[4:-6]) == {"response.output_text.delta"}
    text = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    done = events[-2]["response"]
    assert done["status"] == "completed"
    assert done["output"][0]["content"] == [{"type": "output_text", "text": text}]
    # The planner's answer for the same conversation as chat messages.
    model = Catalogue.load().get("gpt-realtime")
    messages = Messages.of(
        [
            {"role": "system", "content": DEFAULT_INSTRUCTIONS},
            {"role": "user", "content": "Say hi in three words"},
        ]
    )
    prompt = count_messages(messages.messages, model.encoding)
    call = ModelCall(model, "gpt-realtime", messages, 0, 4096, prompt, tools=[])
    assert plan(call, rule=None, new_call_id=lambda: "call_x").choices[0].content == text
    usage = done["usage"]
    assert usage["input_tokens"] == prompt
    assert usage["output_token_details"] == {
        "text_tokens": usage["output_tokens"],
        "audio_tokens": 0,
    }


def test_the_same_session_gives_the_same_bytes() -> None:
    def run() -> list[dict[str, Any]]:
        with session() as socket:
            socket.send(**GA_TEXT)
            socket.recv()
            return ask(socket, "Tell me about tides")

    assert run() == run()


def test_an_audio_answer_is_the_reply_spoken_at_24_khz_with_its_transcript() -> None:
    with session() as socket:
        events = ask(socket, "Hello, how are you?")
    done = events[-2]["response"]
    (content,) = done["output"][0]["content"]
    assert content["type"] == "output_audio"
    transcript = "".join(
        e["delta"] for e in events if e["type"] == "response.output_audio_transcript.delta"
    )
    assert transcript == content["transcript"]
    spoken = pcm(events)
    # PCM16 mono: whole samples, the words of the reply in its low bits, about 1 s per 15 chars.
    assert len(spoken) % 2 == 0
    assert tag.extract(spoken) == transcript
    assert audio.milliseconds(spoken) > 200 * len(transcript.split())
    usage = done["usage"]["output_token_details"]
    assert usage["audio_tokens"] == audio.model_audio_tokens(spoken)
    assert "response.output_audio.done" in types(events)


def test_speech_in_is_detected_committed_transcribed_and_answered() -> None:
    said = speech.speak("What is the weather in Paris?", "alloy").samples.astype("<i2").tobytes()
    silence = bytes(audio.BYTES_PER_MS * 1000)
    with session() as socket:
        transcription = {"transcription": {"model": "gpt-4o-mini-transcribe"}}
        socket.send(
            type="session.update", session={"type": "realtime", "audio": {"input": transcription}}
        )
        socket.recv()
        append(socket, silence[:48000] + said + silence)
        events = socket.until("rate_limits.updated")
    kinds = types(events)
    assert kinds[:5] == [
        "input_audio_buffer.speech_started",
        "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed",
        "conversation.item.added",
        "conversation.item.done",
    ]
    started, stopped = events[0], events[1]
    assert 0 < started["audio_start_ms"] < 1000 < stopped["audio_end_ms"]
    assert started["item_id"] == stopped["item_id"] == events[2]["item_id"]
    completed = next(e for e in events if e["type"].endswith("transcription.completed"))
    assert completed["transcript"] == "What is the weather in Paris?"
    deltas = [e["delta"] for e in events if e["type"].endswith("transcription.delta")]
    assert "".join(deltas) == completed["transcript"]
    assert completed["usage"]["input_token_details"]["audio_tokens"] > 0
    answer = events[-2]["response"]
    assert answer["status"] == "completed"
    assert answer["usage"]["input_token_details"]["audio_tokens"] > 0


def test_silence_and_noise_are_not_speech() -> None:
    import numpy as np

    noise = (np.random.default_rng(0).normal(0, 30, 24000)).astype("<i2").tobytes()
    with session() as socket:
        append(socket, bytes(48000) + noise)
        socket.send(type="input_audio_buffer.clear")
        assert socket.recv()["type"] == "input_audio_buffer.cleared"


def test_a_manual_commit_of_too_little_audio_is_the_real_error() -> None:
    with session() as socket:
        socket.send(
            type="session.update",
            session={"type": "realtime", "audio": {"input": {"turn_detection": None}}},
        )
        socket.recv()
        append(socket, bytes(960))
        socket.send(type="input_audio_buffer.commit")
        error = socket.recv()["error"]
    assert error["code"] == "input_audio_buffer_commit_empty"
    assert error["message"].endswith("but buffer only has 20.00ms of audio.")


def test_a_function_tool_round_trip() -> None:
    with session() as socket:
        tools = {"type": "realtime", "output_modalities": ["text"], "tools": [WEATHER]}
        socket.send(type="session.update", session=tools)
        socket.recv()
        events = ask(socket, "What is the weather in Boston?")
        done = events[-2]["response"]
        (call,) = done["output"]
        assert call["type"] == "function_call" and call["name"] == "get_weather"
        arguments = "".join(
            e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"
        )
        assert arguments == call["arguments"] and "Boston" in json.loads(arguments)["location"]
        finished = next(e for e in events if e["type"] == "response.function_call_arguments.done")
        assert finished["call_id"] == call["call_id"]
        output = {
            "type": "function_call_output",
            "call_id": call["call_id"],
            "output": '{"temp": 21}',
        }
        socket.send(type="conversation.item.create", item=output)
        socket.until("conversation.item.done")
        socket.send(type="response.create")
        answer = socket.until("rate_limits.updated")[-2]["response"]
    (message,) = answer["output"]
    assert message["type"] == "message"
    assert "21" in message["content"][0]["text"]


def test_conversation_none_stays_out_of_the_conversation() -> None:
    with session() as socket:
        socket.send(**GA_TEXT)
        socket.recv()
        socket.send(
            type="response.create",
            response={
                "conversation": "none",
                "instructions": "Classify the mood.",
                "input": [text_message("I love sunny days")["item"]],
                "metadata": {"topic": "mood"},
            },
        )
        events = socket.until("rate_limits.updated")
        done = events[-2]["response"]
        assert done["conversation_id"] is None and done["metadata"] == {"topic": "mood"}
        assert not any(e["type"].startswith("conversation.") for e in events)
        # The conversation itself is still empty: a retrieve of the reply's item fails.
        socket.send(type="conversation.item.retrieve", item_id=done["output"][0]["id"])
        assert socket.recv()["error"]["code"] == "item_not_found"


def test_items_are_retrieved_truncated_and_deleted() -> None:
    with session() as socket:
        events = ask(socket, "Hello!")
        item = events[-2]["response"]["output"][0]
        socket.send(type="conversation.item.retrieve", item_id=item["id"])
        retrieved = socket.recv()["item"]
        assert base64.b64decode(retrieved["content"][0]["audio"]) == pcm(events)
        socket.send(
            type="conversation.item.truncate", item_id=item["id"], content_index=0, audio_end_ms=100
        )
        assert socket.recv()["type"] == "conversation.item.truncated"
        socket.send(
            type="conversation.item.truncate", item_id=item["id"], content_index=0, audio_end_ms=900
        )
        assert (
            socket.recv()["error"]["message"]
            == "Audio content of 100ms is already shorter than 900ms"
        )
        socket.send(type="conversation.item.delete", item_id=item["id"])
        deleted = socket.recv()
        assert (deleted["type"], deleted["item_id"]) == ("conversation.item.deleted", item["id"])
        socket.send(type="conversation.item.retrieve", item_id=item["id"])
        assert socket.recv()["error"]["code"] == "item_not_found"


@pytest.mark.parametrize(
    ("sent", "code", "message"),
    [
        (
            '{"type": "nope"}',
            "invalid_value",
            "Invalid value: 'nope'. Supported values are: 'session.update', 'session.close', ",
        ),
        ("not json", "invalid_json", "Invalid event: failed to parse JSON value."),
        ('{"event_id": "e1"}', "missing_required_parameter", "Missing required parameter: 'type'."),
        (
            '{"type": "conversation.item.create"}',
            "missing_required_parameter",
            "Missing required parameter: 'item'.",
        ),
        (
            '{"type": "conversation.item.create", "item": {"role": "user"}}',
            "missing_required_parameter",
            "Missing required parameter: 'item.type'.",
        ),
        (
            '{"type": "session.update", "session": {"type": "realtime", "bogus_field": 1}}',
            "unknown_parameter",
            "Unknown parameter: 'session.bogus_field'.",
        ),
        (
            json.dumps(
                {"type": "session.update", "session": {"type": "realtime", "audio": RATE_16K}}
            ),
            "integer_below_min_value",
            "Invalid 'session.audio.input.format.rate': integer below minimum value. Expected a "
            "value >= 24000, but got 16000 instead.",
        ),
        (
            '{"type": "response.cancel"}',
            "response_cancel_not_active",
            "Cancellation failed: no active response found",
        ),
        (
            '{"type": "output_audio_buffer.clear"}',
            "invalid_value",
            "Invalid value: 'output_audio_buffer.clear'.",
        ),
    ],
)
def test_a_bad_client_event_is_an_error_event_and_the_session_lives_on(
    sent: str, code: str, message: str
) -> None:
    with session() as socket:
        socket.ws.send_text(sent)
        error = socket.recv()
        assert error["type"] == "error"
        assert error["error"]["code"] == code
        assert error["error"]["message"].startswith(message)
        assert error["error"]["event_id"] == ("e1" if "e1" in sent else None)
        socket.send(**GA_TEXT)
        assert socket.recv()["type"] == "session.updated"


def test_a_binary_frame_is_refused_and_a_rejected_update_changes_nothing() -> None:
    with session() as socket:
        socket.ws.send_bytes(b"\x00" * 64)
        assert socket.recv()["error"]["code"] == "invalid_event"
        bad = {"type": "realtime", "instructions": "Be brief.", "output_modalities": ["video"]}
        socket.send(type="session.update", session=bad)
        assert socket.recv()["error"]["param"] == "session.output_modalities[0]"
        socket.send(**GA_TEXT)
        assert socket.recv()["session"]["instructions"] == DEFAULT_INSTRUCTIONS


def _refusal(
    path: str, key: str = "sk-mock-test", keys: list[str] | None = None
) -> tuple[dict[str, Any], int, str]:
    http = client(key=key)
    with http:
        if keys is not None:
            http.post("/__mock__/keys", json={"api_keys": keys})
        with http.websocket_connect(path) as ws:
            event = json.loads(ws.receive_text())
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_text()
    return event, closed.value.code, closed.value.reason


def test_a_wrong_key_is_an_error_event_then_close_3000() -> None:
    event, code, reason = _refusal(
        "/v1/realtime?model=gpt-realtime", key="sk-wrong-key-0000", keys=["sk-the-only-one"]
    )
    assert event["error"]["code"] == "invalid_api_key"
    assert event["error"]["message"].startswith("Incorrect API key provided: sk-wrong")
    assert (code, reason) == (3000, "invalid_request_error.invalid_api_key")


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        (
            "/v1/realtime?model=gpt-nope",
            "invalid_model",
            'Model "gpt-nope" is not supported in realtime mode.',
        ),
        (
            "/v1/realtime?model=gpt-4o",
            "invalid_model",
            'Model "gpt-4o" is not supported in realtime mode.',
        ),
        (
            "/v1/realtime",
            "missing_model",
            "You must provide a model parameter, for example wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5",
        ),
    ],
)
def test_a_wrong_or_missing_model_is_an_error_event_then_close_4000(
    path: str, code: str, message: str
) -> None:
    event, close, reason = _refusal(path)
    assert (event["error"]["code"], event["error"]["message"]) == (code, message)
    assert (close, reason) == (4000, f"invalid_request_error.{code}")


def test_a_transcription_session_transcribes_without_answering() -> None:
    said = speech.speak("Meet me at noon", "coral").samples.astype("<i2").tobytes()
    with session("/v1/realtime?intent=transcription") as socket:
        heard = {"transcription": {"model": "gpt-4o-mini-transcribe"}}
        socket.send(
            type="session.update", session={"type": "transcription", "audio": {"input": heard}}
        )
        updated = socket.recv()["session"]
        assert updated["type"] == "transcription"
        assert updated["audio"]["input"]["transcription"]["model"] == "gpt-4o-mini-transcribe"
        append(socket, said + bytes(audio.BYTES_PER_MS * 600))
        events = socket.until("conversation.item.input_audio_transcription.completed")
        assert events[-1]["transcript"] == "Meet me at noon"
        assert "response.created" not in types(events)
        socket.send(type="session.update", session={"type": "realtime"})
        wrong = socket.recv()["error"]
        socket.send(type="response.create")
        refused = socket.recv()["error"]
    assert wrong["message"] == (
        "Passing a realtime session update event to a transcription session is not allowed."
    )
    assert refused["message"] == "Responses are not supported in transcription sessions."


def test_a_commit_of_silence_transcribes_as_nothing_billed_by_the_second() -> None:
    with session("/v1/realtime?intent=transcription") as socket:
        heard = {"transcription": {"model": "gpt-live-transcribe"}, "turn_detection": None}
        socket.send(
            type="session.update", session={"type": "transcription", "audio": {"input": heard}}
        )
        socket.recv()
        append(socket, bytes(audio.BYTES_PER_MS * 1500))
        socket.send(type="input_audio_buffer.commit")
        events = socket.until("conversation.item.input_audio_transcription.completed")
    completed = events[-1]
    assert not any(e["type"].endswith("transcription.delta") for e in events)
    assert completed["transcript"] == ""
    assert completed["usage"] == {"type": "duration", "seconds": 2}


def test_items_go_where_previous_item_id_says_and_responses_can_read_references() -> None:
    with session() as socket:
        socket.send(**GA_TEXT)
        socket.recv()
        socket.send(**text_message("second"))
        second = socket.until("conversation.item.done")[-1]["item"]["id"]
        first = {**text_message("first"), "previous_item_id": "root"}
        socket.send(**first)
        added = socket.until("conversation.item.done")
        assert added[0]["previous_item_id"] is None
        socket.send(**{**text_message("third"), "previous_item_id": "item_nope"})
        assert (
            socket.recv()["error"]["message"] == "Error: Item with item_id 'item_nope' not found."
        )
        reference = {"type": "item_reference", "id": second}
        socket.send(type="response.create", response={"conversation": "none", "input": [reference]})
        done = socket.until("rate_limits.updated")[-2]["response"]
    assert done["status"] == "completed" and done["conversation_id"] is None


def test_a_browser_key_in_the_subprotocols_opens_a_session_that_answers_realtime() -> None:
    app_client = client()
    app_client.headers.pop("Authorization")
    protocols = ["realtime", "openai-insecure-api-key.sk-from-a-browser"]
    with (
        app_client as http,
        http.websocket_connect("/v1/realtime?model=gpt-realtime", subprotocols=protocols) as ws,
    ):
        assert ws.accepted_subprotocol == "realtime"
        assert json.loads(ws.receive_text())["type"] == "session.created"


def _turn_ends(eagerness: str, said: bytes, silence_ms: int) -> bool:
    """Whether semantic_vad ends the turn of ``said`` followed by that much silence."""
    vad = {"type": "semantic_vad", "eagerness": eagerness, "create_response": False}
    with session() as socket:
        socket.send(
            type="session.update",
            session={"type": "realtime", "audio": {"input": {"turn_detection": vad}}},
        )
        assert socket.recv()["type"] == "session.updated"
        append(socket, said + bytes(silence_ms * audio.BYTES_PER_MS))
        socket.send(type="input_audio_buffer.commit")  # answered after every append's events
        kinds = types(socket.until("input_audio_buffer.committed"))
    return "input_audio_buffer.speech_stopped" in kinds


@pytest.mark.parametrize(
    ("eagerness", "silence_ms", "ends"),
    [("high", 600, True), ("medium", 600, True), ("low", 600, False), ("low", 1200, True)],
)
def test_semantic_vad_ends_a_finished_sentence_after_a_pause_its_eagerness_sets(
    eagerness: str, silence_ms: int, ends: bool
) -> None:
    said = speech.speak("What is the weather in Paris?", "alloy").samples.astype("<i2")
    assert _turn_ends(eagerness, said.tobytes(), silence_ms) is ends


@pytest.mark.parametrize(
    ("eagerness", "silence_ms", "ends"),
    [("high", 2100, True), ("auto", 2100, False), ("medium", 4100, True)],
)
def test_semantic_vad_waits_its_max_timeout_for_words_it_cannot_read(
    eagerness: str, silence_ms: int, ends: bool
) -> None:
    # The same speech with its low bits cleared: no words in it, so never a finished sentence.
    said = speech.speak("What is the weather in Paris?", "alloy").samples.astype("<i2") & ~1
    assert _turn_ends(eagerness, said.tobytes(), silence_ms) is ends


def test_an_unknown_eagerness_is_refused() -> None:
    vad = {"type": "semantic_vad", "eagerness": "eager"}
    with session() as socket:
        socket.send(
            type="session.update",
            session={"type": "realtime", "audio": {"input": {"turn_detection": vad}}},
        )
        refused = socket.recv()
    assert refused["error"]["param"] == "session.audio.input.turn_detection.eagerness"
    assert refused["error"]["code"] == "invalid_value"

"""Realtime over a WebSocket, served by uvicorn on loopback: sessions opened per second (the
upgrade, the key and model checks, session.created, the close) and server events per second
for text responses and for spoken ones (speech synthesis included), and seconds of appended
audio run through server VAD and transcription per second.

Run: python tests/bench/bench_realtime.py  (printed figures; nothing is asserted)."""

from __future__ import annotations

import base64
import json
import time

from websockets.sync.client import connect

from mockserver import Settings, create_app
from mockserver.generate.audio import speech
from mockserver.testing.server import ServerThread

SESSIONS = 200
RESPONSES = 40
SPOKEN = 6
HEADERS = {"Authorization": "Bearer sk-bench"}
QUESTIONS = (
    "What is a good name for a small boat?",
    "How do tides work?",
    "Tell me about the history of tea.",
    "What should I pack for a weekend hike?",
)


def _turn(ws: object, question: str, respond: dict[str, object] | None = None) -> int:
    """One user item and one response; the server events received."""
    item = {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": question}],
    }
    ws.send(json.dumps({"type": "conversation.item.create", "item": item}))  # type: ignore[attr-defined]
    ws.send(json.dumps({"type": "response.create", **(respond or {})}))  # type: ignore[attr-defined]
    count = 0
    while True:
        count += 1
        if json.loads(ws.recv())["type"] == "rate_limits.updated":  # type: ignore[attr-defined]
            return count


def main() -> None:
    with ServerThread(create_app(Settings())) as server:
        url = "ws" + server.url.removeprefix("http") + "/v1/realtime?model=gpt-realtime-mini"
        started = time.perf_counter()
        for _ in range(SESSIONS):
            with connect(url, additional_headers=HEADERS) as ws:
                json.loads(ws.recv())
        elapsed = time.perf_counter() - started
        print(
            f"sessions opened: {SESSIONS / elapsed:7.1f} per second ({SESSIONS} in {elapsed:.2f} s)"
        )

        text = {
            "type": "session.update",
            "session": {"type": "realtime", "output_modalities": ["text"]},
        }
        for label, update, rounds in (("text", text, RESPONSES), ("spoken", None, SPOKEN)):
            with connect(url, additional_headers=HEADERS, max_size=None) as ws:
                ws.recv()
                if update is not None:
                    ws.send(json.dumps(update))
                    ws.recv()
                started, events = time.perf_counter(), 0
                for i in range(rounds):
                    events += _turn(ws, QUESTIONS[i % len(QUESTIONS)])
                elapsed = time.perf_counter() - started
            print(f"{label} responses: {events / elapsed:8.1f} events per second "
                  f"({rounds / elapsed:.1f} responses per second)")  # fmt: skip

        said = speech.speak(" ".join(QUESTIONS), "alloy").samples.astype("<i2").tobytes()
        audio = said + bytes(48_000)
        heard = {
            "transcription": {"model": "gpt-4o-mini-transcribe"},
            "turn_detection": {"type": "server_vad", "create_response": False},
        }
        transcribe = {"type": "realtime", "output_modalities": ["text"], "audio": {"input": heard}}
        with connect(url, additional_headers=HEADERS, max_size=None) as ws:
            ws.recv()
            ws.send(json.dumps({"type": "session.update", "session": transcribe}))
            ws.recv()
            started = time.perf_counter()
            for k in range(0, len(audio), 4800):
                chunk = base64.b64encode(audio[k : k + 4800]).decode()
                ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": chunk}))
            while (
                json.loads(ws.recv())["type"]
                != "conversation.item.input_audio_transcription.completed"
            ):
                pass
            elapsed = time.perf_counter() - started
        seconds = len(audio) / 48_000
        print(f"audio in (VAD and transcription): {seconds / elapsed:6.1f} s of audio per second")


if __name__ == "__main__":
    main()

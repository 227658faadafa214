"""Seconds of speech made per second of wall time by POST /v1/audio/speech, per format (the
synthesis by eSpeak NG, the resampling and the encoding, through the whole request path), and
seconds of audio transcribed per second by POST /v1/audio/transcriptions (decoding included).

Run: python tests/bench/bench_audio.py  (printed figures; nothing is asserted).
Measured in process through httpx2's ASGI transport: no socket is counted."""

from __future__ import annotations

import asyncio
import time

import httpx2

from mockserver import Settings, create_app
from mockserver.generate.audio import codec

SENTENCES = (
    "The committee met on Tuesday to review the plan for the new library.",
    "Seven green apples sat on the kitchen table beside a jar of honey.",
    "Please remember to water the plants while I am away for the weekend.",
    "A quiet river ran past the old mill, and the wheel turned slowly.",
)
EXTENSIONS = {"mp3": "mp3", "opus": "ogg", "aac": "m4a", "flac": "flac", "wav": "wav", "pcm": ""}
ROUNDS = 6


async def main() -> None:
    app = create_app(Settings())
    transport = httpx2.ASGITransport(app=app)
    headers = {"Authorization": "Bearer sk-bench"}
    async with httpx2.AsyncClient(
        transport=transport, base_url="http://mock", headers=headers, timeout=120
    ) as client:
        samples: dict[str, bytes] = {}
        for fmt in EXTENSIONS:
            made, started = 0.0, time.perf_counter()
            for i in range(ROUNDS):
                text = " ".join(SENTENCES[j % len(SENTENCES)] for j in range(i, i + 3))
                body = {"model": "tts-1", "voice": "alloy", "input": f"{text} Round {i}.",
                        "response_format": fmt}  # fmt: skip
                response = await client.post("/v1/audio/speech", json=body)
                response.raise_for_status()
                data = response.content
                samples[fmt] = data
                made += len(data) / 2 / 24_000 if fmt == "pcm" else codec.decode(data).duration
            elapsed = time.perf_counter() - started
            print(f"POST /v1/audio/speech {fmt:>4}: {made / elapsed:6.1f} s of speech per second "
                  f"({made:.0f} s made in {elapsed:.2f} s)")  # fmt: skip
        for fmt in ("mp3", "wav"):
            data = samples[fmt]
            seconds = codec.decode(data).duration
            started = time.perf_counter()
            for _ in range(ROUNDS):
                files = {"file": (f"speech.{EXTENSIONS[fmt]}", data)}
                response = await client.post(
                    "/v1/audio/transcriptions", files=files, data={"model": "whisper-1"}
                )
                response.raise_for_status()
            elapsed = time.perf_counter() - started
            print(f"POST /v1/audio/transcriptions {fmt}: {ROUNDS * seconds / elapsed:6.1f} s of "
                  f"audio per second")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())

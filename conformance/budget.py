"""What a run may cost against a paid target: an upper-bound estimate per request, a hard cap.

Estimates are deliberately pessimistic (about 3 bytes of request body per input token, every
requested output token produced, ``n`` times) so the cap holds even when the estimate is off.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

# USD per 1M tokens (input, output), from OpenAI's pricing page for the models the suite uses.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-3.5-turbo-instruct": (1.50, 2.00),
    "text-embedding-3-small": (0.02, 0.0),
    "text-embedding-3-large": (0.13, 0.0),
    "text-embedding-ada-002": (0.10, 0.0),
    "omni-moderation-latest": (0.0, 0.0),
    "text-moderation-latest": (0.0, 0.0),
}
UNKNOWN_PRICE = (5.0, 20.0)  # a model not in the table is priced like an expensive one
DEFAULT_OUTPUT_TOKENS = 512  # assumed when a request leaves the output length open
IMAGE_INPUT_TOKENS = 3_000  # one image part, pessimistically
DEFAULT_BUDGET_USD = 0.05
# A vector store search, priced as a file search tool call ($2.50 per 1,000 calls); storing the
# suite's few kilobytes is within the free gigabyte.
SEARCH_CALL_USD = 0.0025
# A fine-tuning job (the suite's: 10 short examples) trains a few thousand tokens at a few
# dollars per million, plus any per-job minimum: priced well above that, so the default budget
# holds one back unless --max-cost-usd allows it.
FINE_TUNING_JOB_USD = 0.10
# One picture, pessimistically (a GPT image model's high quality at its largest standard size).
PICTURE_USD = 0.25
PICTURE_PATHS = ("/images/generations", "/images/edits", "/images/variations")
# Built-in Responses tools billed beyond tokens: a code interpreter's container session
# ($0.03), an image generation's picture.
TOOL_USD = {"code_interpreter": 0.03, "image_generation": PICTURE_USD}
# ``n`` in a multipart form (edits and variations): the field's part and its digits.
FORM_N = re.compile(rb'name="n"\r\n(?:[^\r\n]+\r\n)*\r\n(\d+)')
REAL_API_HOST = "api.openai.com"


def price(model: str) -> tuple[float, float]:
    for name, value in PRICES.items():
        if model == name or model.startswith(name + "-"):
            return value
    return UNKNOWN_PRICE


# Audio: speech by input character (tts-1-hd's $30 per million, the dearest), uploads by
# their length in time, taken from their size at a low 16 kbit/s (long for their bytes), at
# whisper-1's $0.006 a minute.
SPEECH_USD_PER_CHAR = 30 / 1_000_000
UPLOAD_BYTES_PER_SECOND = 2_000
TRANSCRIPTION_USD_PER_SECOND = 0.006 / 60


def estimate_audio(path: str, body: bytes) -> float | None:
    """The estimate for an audio request, or None for any other path."""
    if path.endswith("/audio/speech"):
        try:
            text = json.loads(body).get("input", "")
        except (ValueError, AttributeError):
            return 0.0
        return len(text) * SPEECH_USD_PER_CHAR if isinstance(text, str) else 0.0
    if path.endswith(("/audio/transcriptions", "/audio/translations")):
        return len(body) / UPLOAD_BYTES_PER_SECOND * TRANSCRIPTION_USD_PER_SECOND
    return None


# Realtime, at audio prices per 1M tokens (dearer than text): gpt-realtime-mini's, else
# gpt-realtime's. A response.create at its output limit over a context of
# REALTIME_CONTEXT_TOKENS; appended audio at 10 tokens a second of 24 kHz PCM16.
REALTIME_PRICES = {"gpt-realtime-mini": (10.0, 20.0)}
REALTIME_DEAREST = (32.0, 64.0)
REALTIME_CONTEXT_TOKENS = 1_000
REALTIME_AUDIO_TOKENS_PER_BYTE = 10 / 48_000


def estimate_realtime(model: str, body: bytes) -> float:
    """One client event of a Realtime session on ``model``."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        return 0.0
    if not isinstance(data, dict):
        return 0.0
    cost_in, cost_out = REALTIME_PRICES.get(model, REALTIME_DEAREST)
    if data.get("type") == "response.create":
        response = data.get("response") if isinstance(data.get("response"), dict) else {}
        limit = response.get("max_output_tokens")
        output = limit if isinstance(limit, int) and limit > 0 else DEFAULT_OUTPUT_TOKENS
        return (REALTIME_CONTEXT_TOKENS * cost_in + output * cost_out) / 1_000_000
    audio = data.get("audio")
    if data.get("type") == "input_audio_buffer.append" and isinstance(audio, str):
        return len(audio) * 3 / 4 * REALTIME_AUDIO_TOKENS_PER_BYTE * cost_in / 1_000_000
    return 0.0


def estimate_request(path: str, body: bytes) -> float:
    """Upper-bound USD cost of one request; 0 for requests that produce nothing billable."""
    url = urlsplit(path)
    if url.path.rstrip("/").endswith("/realtime"):
        return estimate_realtime(parse_qs(url.query).get("model", [""])[0], body)
    if "/vector_stores/" in path and path.rstrip("/").endswith("/search"):
        return SEARCH_CALL_USD
    if body and path.rstrip("/").endswith("/fine_tuning/jobs"):
        return FINE_TUNING_JOB_USD
    if body and path.rstrip("/").endswith(PICTURE_PATHS):
        return PICTURE_USD * _pictures(body)
    if body and path.rstrip("/").endswith("/containers"):
        return TOOL_USD["code_interpreter"]  # a container is a code interpreter session
    audio = estimate_audio(path, body)
    if audio is not None:
        return audio
    if not body or not path.rstrip("/").endswith(
        ("/chat/completions", "/completions", "/embeddings", "/moderations", "/responses")
    ):
        return 0.0
    try:
        data: Any = json.loads(body)
    except ValueError:
        return 0.0  # the server rejects it unbilled
    if not isinstance(data, dict):
        return 0.0
    model = data.get("model") if isinstance(data.get("model"), str) else ""
    cost_in, cost_out = price(model or "")
    input_tokens = len(body) / 3 + IMAGE_INPUT_TOKENS * body.count(b'"image_url"')
    output = 0.0
    if not path.endswith(("/embeddings", "/moderations")):
        limit = data.get(
            "max_completion_tokens", data.get("max_tokens", data.get("max_output_tokens"))
        )
        per_choice = limit if isinstance(limit, int) and limit > 0 else DEFAULT_OUTPUT_TOKENS
        copies = max(_int(data.get("n")), _int(data.get("best_of")))
        output = per_choice * copies
    tools = data.get("tools") if isinstance(data.get("tools"), list) else []
    billed = sum(TOOL_USD.get(t.get("type"), 0.0) for t in tools if isinstance(t, dict))
    return (input_tokens * cost_in + output * cost_out) / 1_000_000 + billed


def _pictures(body: bytes) -> int:
    """How many pictures a request asks for (``n``, 1 when not given)."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        found = FORM_N.search(body)
        return max(1, int(found.group(1))) if found else 1
    return _int(data.get("n")) if isinstance(data, dict) else 1


def _int(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 1


class BudgetExhausted(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """Raised instead of sending a request that would pass the cap; the check is skipped."""


@dataclass
class Budget:
    limit_usd: float
    enforced: bool = True  # off where requests cost nothing (see budget_for)
    spent_usd: float = 0.0
    requests: int = 0
    exhausted: bool = False
    log: list[tuple[str, float]] = field(default_factory=list)

    def charge(self, path: str, body: bytes) -> None:
        cost = estimate_request(path, body)
        if self.enforced and (self.exhausted or self.spent_usd + cost > self.limit_usd):
            self.exhausted = True
            raise BudgetExhausted(
                f"budget stop: ${self.spent_usd:.4f} spent of ${self.limit_usd:.4f}; this "
                f"request (~${cost:.4f}) was not sent (raise --max-cost-usd to go on)"
            )
        self.spent_usd += cost
        self.requests += 1
        self.log.append((path, cost))


def is_real_api(url: str | None) -> bool:
    return url is not None and urlsplit(url).hostname == REAL_API_HOST


def budget_for(url: str | None, max_cost_usd: float | None) -> Budget:
    """The cap guards money, so it applies only where requests cost money: a target on the real
    API's host (``DEFAULT_BUDGET_USD`` unless ``--max-cost-usd`` says otherwise), or any target
    when ``--max-cost-usd`` is given (a proxy or another paid host). ``url`` is None in process."""
    if max_cost_usd is not None:
        return Budget(limit_usd=max_cost_usd, enforced=True)
    return Budget(limit_usd=DEFAULT_BUDGET_USD, enforced=is_real_api(url))

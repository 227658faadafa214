"""Reading a request: defaults, budgets, service tier and the tool-definition token cost."""

from __future__ import annotations

from mockserver.catalogue import Catalogue
from mockserver.chat import tool_prompt
from mockserver.chat.params import parse
from mockserver.chat.reply import fingerprint, response_model
from tests.handlers.chat_helpers import WEATHER_TOOL

CATALOGUE = Catalogue.load()
USER = [{"role": "user", "content": "Hello!"}]


def test_defaults_and_budget() -> None:
    req = parse({"model": "gpt-4", "messages": USER}, CATALOGUE.get("gpt-4"), 5)
    assert req.seed == 5 and req.n == 1 and req.tool_choice == "none"
    assert req.budget == min(8192, 8192 - req.prompt_tokens)
    assert req.include_obfuscation and not req.include_usage
    assert response_model(req) == "gpt-4-0613"


def test_request_seed_and_service_tier_win() -> None:
    body = {"model": "gpt-4o", "messages": USER, "seed": 9, "service_tier": "fast",
            "tools": [WEATHER_TOOL], "max_completion_tokens": 10}  # fmt: skip
    req = parse(body, CATALOGUE.get("gpt-4o"), 5)
    assert req.seed == 9 and req.service_tier == "priority" and req.tool_choice == "auto"
    assert req.budget == 10
    tool_tokens = tool_prompt.prompt_tokens([WEATHER_TOOL], USER, "auto", "o200k_base")
    assert req.prompt_tokens > tool_tokens > 0


def test_fingerprint_is_stable_per_model_and_seed() -> None:
    assert fingerprint(0, "gpt-4o") == fingerprint(0, "gpt-4o")
    assert fingerprint(0, "gpt-4o") != fingerprint(1, "gpt-4o")
    assert fingerprint(0, "gpt-4o") != fingerprint(0, "gpt-4o-mini")
    assert len(fingerprint(0, "gpt-4o")) == len("fp_") + 10

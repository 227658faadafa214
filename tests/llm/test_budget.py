from __future__ import annotations

import pytest

from mockserver.catalogue import Catalogue
from mockserver.http.errors import APIError
from mockserver.llm.budget import REASONING_TOKENS, output_budget, reasoning_tokens

GPT_4 = Catalogue.load().get("gpt-4")


def test_the_budget_is_the_limit_the_cap_or_what_the_window_leaves() -> None:
    assert output_budget(GPT_4, 100, 50, "max_tokens") == 50
    assert output_budget(GPT_4, 100, None, "max_tokens") == GPT_4.context_window - 100
    with pytest.raises(APIError) as too_large:
        output_budget(GPT_4, 10, GPT_4.max_output_tokens + 1, "max_completion_tokens")
    assert too_large.value.param == "max_completion_tokens"
    with pytest.raises(APIError) as too_long:
        output_budget(GPT_4, GPT_4.context_window, 1, "max_tokens")
    assert too_long.value.code == "context_length_exceeded"


def test_reasoning_spends_its_effort_within_the_budget() -> None:
    assert reasoning_tokens(None, 1000) == 0
    assert reasoning_tokens("high", 1000) == REASONING_TOKENS["high"]
    assert reasoning_tokens("high", 10) == 10

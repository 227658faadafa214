from __future__ import annotations

import pytest
from openai import OpenAI

from clients.models import by_endpoint, endpoints_for, family_of, list_models


@pytest.mark.parametrize(
    ("model", "endpoint"),
    [
        ("gpt-4o", "/v1/chat/completions"),
        ("gpt-4o-2024-08-06", "/v1/chat/completions"),
        ("gpt-4o-mini", "/v1/chat/completions"),
        ("ft:gpt-4o-mini-2024-07-18:org::abc123", "/v1/chat/completions"),
        ("gpt-3.5-turbo-instruct", "/v1/completions"),
        ("whisper-1", "/v1/audio/transcriptions"),
        ("text-embedding-3-small", "/v1/embeddings"),
        ("gpt-4o-realtime-preview-2024-10-01", "/v1/realtime"),
    ],
)
def test_endpoints_by_family(model: str, endpoint: str) -> None:
    assert endpoint in endpoints_for(model)


def test_the_longest_family_wins_and_unknown_models_have_none() -> None:
    assert family_of("gpt-4o-mini-2024-07-18", ["gpt-4", "gpt-4o", "gpt-4o-mini"]) == "gpt-4o-mini"
    assert "/v1/chat/completions" not in endpoints_for("gpt-3.5-turbo-instruct")
    assert family_of("gpt-4omni", ["gpt-4o"]) is None
    assert endpoints_for("some-new-model") == ()


def test_listing_the_mocks_models(client: OpenAI) -> None:
    models = list_models(client)
    assert [m.id for m in models] == sorted(m.id for m in models)
    assert {"gpt-4o", "text-embedding-3-small"} <= set(
        by_endpoint(models, "/v1/chat/completions") + by_endpoint(models, "/v1/embeddings")
    )

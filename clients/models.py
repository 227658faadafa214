"""Model listing, with the endpoints each model works on.

``GET /v1/models`` says only a model's id, owner and creation time. Which endpoints it serves
comes from the model-endpoint compatibility table of OpenAI's models page, which the seed
copies (https://platform.openai.com/docs/models#model-endpoint-compatibility): a model
matches a family by its id or a dated or fine-tuned variant of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openai import OpenAI

# Family -> endpoints, as the seed's table lists them (a few families it names by their
# generation, e.g. "GPT-4o", spelled here as the ids they cover).
ENDPOINTS: dict[str, tuple[str, ...]] = {
    "gpt-4o-realtime-preview": ("/v1/realtime",),
    "gpt-4o-mini": ("/v1/chat/completions", "/v1/fine_tuning/jobs"),
    "gpt-4o": ("/v1/chat/completions", "/v1/fine_tuning/jobs"),
    "gpt-4": ("/v1/chat/completions", "/v1/fine_tuning/jobs"),
    "gpt-3.5-turbo-instruct": ("/v1/completions",),
    "gpt-3.5-turbo": ("/v1/chat/completions", "/v1/fine_tuning/jobs"),
    "babbage-002": ("/v1/completions",),
    "davinci-002": ("/v1/completions",),
    "whisper-1": ("/v1/audio/transcriptions", "/v1/audio/translations"),
    "tts-1": ("/v1/audio/speech",),
    "tts-1-hd": ("/v1/audio/speech",),
    "text-embedding-3-small": ("/v1/embeddings",),
    "text-embedding-3-large": ("/v1/embeddings",),
    "text-embedding-ada-002": ("/v1/embeddings",),
    "text-moderation-stable": ("/v1/moderations",),
    "text-moderation-latest": ("/v1/moderations",),
    "dall-e-2": ("/v1/images/generations",),
    "dall-e-3": ("/v1/images/generations",),
}


def family_of(model_id: str, families: Iterable[str]) -> str | None:
    """The longest of ``families`` that ``model_id`` is, or a dated (``gpt-4o-2024-08-06``)
    or fine-tuned (``ft:gpt-4o-mini:org::id``) variant of."""
    base = model_id.removeprefix("ft:").split(":")[0]
    for family in sorted(families, key=len, reverse=True):
        if base == family or base.startswith(family + "-"):
            return family
    return None


def endpoints_for(model_id: str) -> tuple[str, ...]:
    """The endpoints of ``model_id``'s family; () when the table has none (a newer model:
    see the models page)."""
    family = family_of(model_id, ENDPOINTS)
    return ENDPOINTS[family] if family else ()


@dataclass(frozen=True)
class ModelInfo:
    id: str
    owned_by: str
    created: int
    endpoints: tuple[str, ...]


def list_models(client: OpenAI) -> list[ModelInfo]:
    """Every model the key can use, sorted by id, with its endpoints."""
    return sorted(
        (
            ModelInfo(model.id, model.owned_by, model.created, endpoints_for(model.id))
            for model in client.models.list()
        ),
        key=lambda info: info.id,
    )


def by_endpoint(models: Sequence[ModelInfo], endpoint: str) -> list[str]:
    return [model.id for model in models if endpoint in model.endpoints]

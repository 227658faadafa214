"""Moderation: is a text against the usage policies, and in which categories."""

from __future__ import annotations

from dataclasses import dataclass

from openai import OpenAI
from openai.types import ModerationCreateResponse

MODERATION_MODEL = "omni-moderation-latest"


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    categories: list[str]  # the flagged ones, by the API's names
    top_scores: list[tuple[str, float]]  # the highest scores, flagged or not

    @classmethod
    def of(cls, response: ModerationCreateResponse, top: int = 3) -> Verdict:
        result = response.results[0]
        # The SDK exposes each category twice (``self_harm`` and ``self-harm``): use the
        # API's own spelling, the keys the JSON carries.
        flags = result.categories.model_dump(by_alias=True)
        scores = result.category_scores.model_dump(by_alias=True)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top]
        return cls(
            flagged=result.flagged,
            categories=sorted(name for name, on in flags.items() if on),
            top_scores=[(name, float(score)) for name, score in ranked],
        )


def moderate(
    client: OpenAI, text: str, *, model: str = MODERATION_MODEL
) -> ModerationCreateResponse:
    return client.moderations.create(model=model, input=text)


def check(client: OpenAI, text: str, *, model: str = MODERATION_MODEL) -> Verdict:
    return Verdict.of(moderate(client, text, model=model))

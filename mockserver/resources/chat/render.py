"""A planned reply as the ``chat.completion`` object the real API returns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...llm.plan import Choice, Reply
from ...randomness import digest


# A pure function of a few (seed, family) pairs, asked on every completion: remembered.
@lru_cache(maxsize=64)
def fingerprint(seed: int, family: str) -> str:
    """The ``system_fingerprint``: one per (server seed, model family), as the real API keeps
    one per backend configuration."""
    return "fp_" + digest(seed, "system_fingerprint", family).hex()[:10]


@dataclass
class Completion:
    id: str
    created: int
    model: str
    system_fingerprint: str | None
    service_tier: str
    reply: Reply
    metadata: dict[str, str] | None = None

    @property
    def choices(self) -> list[Choice]:
        return self.reply.choices

    @property
    def usage(self) -> dict[str, Any]:
        return self.reply.usage

    def to_api(self, *, for_body: bool = False) -> dict[str, Any]:
        """The ``chat.completion`` object. ``for_body``: for the response body alone, each
        choice's logprobs already JSON (as the body writes them: building the objects would
        cost more than all the rest); else plain objects, for what keeps or reads them."""
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [choice_api(c, for_body=for_body) for c in self.choices],
            "usage": self.usage,
            "service_tier": self.service_tier,
            "system_fingerprint": self.system_fingerprint,
        }


# The depth of a choice's ``logprobs.content`` in the pretty-printed body: inside the
# completion, its choices, the choice and its logprobs.
LOGPROBS_DEPTH = 4


def choice_api(choice: Choice, *, for_body: bool = False) -> dict[str, Any]:
    """The choice as the API shows it; ``for_body``: its logprobs already written as the
    response body has them (see ``Completion.to_api``)."""
    message: dict[str, Any] = {
        "role": "assistant",
        "content": choice.content,
        "refusal": None,
        "annotations": [],
    }
    if choice.tool_calls:
        message["tool_calls"] = choice.tool_calls
    logprobs = None
    if choice.logprobs is not None:
        content: Any = None
        if choice.content is not None:
            lp = choice.logprobs
            content = lp.json(depth=LOGPROBS_DEPTH) if for_body else lp.entries()
        logprobs = {"content": content, "refusal": None}
    return {
        "index": choice.index,
        "message": message,
        "logprobs": logprobs,
        "finish_reason": choice.finish_reason,
    }

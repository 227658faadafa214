"""What calls cost: tokens summed per model from each response's ``usage``, priced from the
dated table in ``fixtures/prices.json``, and an optional budget checked *before* a call.

The check is an upper bound: the prompt counted with tiktoken plus every output token the
call allows (``max_tokens`` times ``n``), so a call the tracker lets through cannot pass the
budget. A budgeted chat call must therefore cap its output.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from openai import OpenAI
from openai.types.chat import ChatCompletion

from .conversation import count_message_tokens
from .models import family_of
from .tokenizer import count_tokens, encoding_for_model

PRICES_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "prices.json"


def prompt_upper_bound(params: Mapping[str, Any]) -> int:
    """The messages counted as the API counts them, plus the tools and response format as
    their whole JSON text: the API bills those in a compact form, so this is never less."""
    model = str(params["model"])
    tokens = count_message_tokens(params["messages"], model)
    extras = {key: params[key] for key in ("tools", "response_format") if key in params}
    if extras:
        tokens += count_tokens(json.dumps(extras), encoding_for_model(model))
    return tokens


class BudgetExceeded(RuntimeError):
    """The call could cost more than what is left of the budget; it was not sent."""


class UnknownPrice(KeyError):
    """The table has no price for this model."""


@dataclass(frozen=True)
class Price:
    input: float  # USD per ``per_tokens`` input tokens
    output: float


@dataclass(frozen=True)
class PriceTable:
    as_of: str
    source: str
    per_tokens: int
    prices: Mapping[str, Price]

    @classmethod
    def load(cls, path: Path = PRICES_PATH) -> PriceTable:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            as_of=data["as_of"],
            source=data["source"],
            per_tokens=int(data["per_tokens"]),
            prices={
                name: Price(float(p["input"]), float(p["output"]))
                for name, p in data["models"].items()
            },
        )

    def price(self, model: str) -> Price:
        family = family_of(model, self.prices)
        if family is None:
            raise UnknownPrice(model)
        return self.prices[family]

    def cost(self, model: str, input_tokens: int, output_tokens: int) -> float:
        price = self.price(model)
        return (input_tokens * price.input + output_tokens * price.output) / self.per_tokens


class _Billed(Protocol):
    @property
    def model(self) -> str: ...

    @property
    def usage(self) -> Any: ...


@dataclass
class ModelUsage:
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    priced: bool = True  # False once a response came for a model the table lacks


class CostTracker:
    def __init__(self, prices: PriceTable | None = None, budget_usd: float | None = None) -> None:
        if budget_usd is not None and not budget_usd >= 0:
            raise ValueError("the budget must be a non-negative number of dollars")
        self.prices = prices or PriceTable.load()
        self.budget_usd = budget_usd
        self.by_model: dict[str, ModelUsage] = {}

    @property
    def spent_usd(self) -> float:
        return sum(usage.cost_usd for usage in self.by_model.values())

    @property
    def remaining_usd(self) -> float | None:
        return None if self.budget_usd is None else self.budget_usd - self.spent_usd

    def check(self, model: str, input_tokens: int, max_output_tokens: int) -> float:
        """The call's upper-bound cost; :class:`BudgetExceeded` if it could pass the budget."""
        estimate = self.prices.cost(model, input_tokens, max_output_tokens)
        remaining = self.remaining_usd
        if remaining is not None and estimate > remaining:
            raise BudgetExceeded(
                f"this call could cost ${estimate:.6f} and ${max(remaining, 0):.6f} of the "
                f"${self.budget_usd:.6f} budget is left: not sent"
            )
        return estimate

    def record(self, response: _Billed) -> float:
        """Add a response's usage (chat, completions, embeddings); its cost in USD."""
        usage = response.usage
        model = response.model
        entry = self.by_model.setdefault(model, ModelUsage())
        entry.requests += 1
        if usage is None:
            return 0.0
        input_tokens = int(usage.prompt_tokens)
        output_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        entry.input_tokens += input_tokens
        entry.output_tokens += output_tokens
        try:
            cost = self.prices.cost(model, input_tokens, output_tokens)
        except UnknownPrice:
            entry.priced = False
            return 0.0
        entry.cost_usd += cost
        return cost

    def chat(self, client: OpenAI, **params: Any) -> ChatCompletion:
        """``client.chat.completions.create(**params)``, checked against the budget first
        and recorded after."""
        if params.get("stream"):
            raise ValueError("the tracker records whole responses: stream=False")
        model = str(params["model"])
        limit = params.get("max_completion_tokens", params.get("max_tokens"))
        if self.budget_usd is not None:
            if not isinstance(limit, int) or limit <= 0:
                raise ValueError("a budgeted call must cap its output: pass max_tokens")
            copies = params.get("n") or 1
            self.check(model, prompt_upper_bound(params), limit * copies)
        completion: ChatCompletion = client.chat.completions.create(**params)
        self.record(completion)
        return completion

"""A chat that remembers: the seed's "context loss" limit, solved by trimming.

Every turn resends the whole history (the API keeps none). When the history would pass the
token budget, the oldest user/assistant turns are dropped first; the instructions stay.
Tokens are counted with tiktoken the way OpenAI's cookbook counts chat messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openai import OpenAI
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from .chat import DEFAULT_CHAT_MODEL, InstructionRole, build_messages, reply_text
from .tokenizer import count_tokens, encoding_for_model

# The cookbook's figures for current chat models: each message is wrapped in a few tokens of
# framing, and the reply is primed with three more.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING_TOKENS = 3


class ContextTooLong(ValueError):
    """Even with every earlier turn dropped, the prompt does not fit the budget."""


def count_message_tokens(messages: Sequence[ChatCompletionMessageParam], model: str) -> int:
    """The prompt tokens ``messages`` cost, text content only (close to the API's own count)."""
    enc = encoding_for_model(model)
    total = REPLY_PRIMING_TOKENS
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if isinstance(value, str):
                total += count_tokens(value, enc)
                if key == "name":
                    total += TOKENS_PER_NAME
            elif key == "content" and isinstance(value, list):
                total += sum(
                    count_tokens(str(part.get("text", "")), enc)
                    for part in value
                    if isinstance(part, dict)
                )
    return total


class Conversation:
    """Keeps ``messages`` across :meth:`say` calls within ``token_budget`` prompt tokens."""

    def __init__(
        self,
        client: OpenAI,
        *,
        model: str = DEFAULT_CHAT_MODEL,
        instructions: str | None = None,
        role: InstructionRole = "system",
        token_budget: int = 4096,
        **params: Any,
    ) -> None:
        if token_budget <= 0:
            raise ValueError("token_budget must be positive")
        self.client = client
        self.model = model
        self.token_budget = token_budget
        self.params = params
        self._head: list[ChatCompletionMessageParam] = (
            build_messages("", instructions, role)[:-1] if instructions is not None else []
        )
        self._turns: list[ChatCompletionMessageParam] = []
        self.dropped_messages = 0
        self.last_completion: ChatCompletion | None = None

    @property
    def messages(self) -> list[ChatCompletionMessageParam]:
        return [*self._head, *self._turns]

    def prompt_tokens(self) -> int:
        return count_message_tokens(self.messages, self.model)

    def say(self, text: str) -> str:
        """Send ``text`` with the history that fits, remember the answer, return it."""
        self._turns.append({"role": "user", "content": text})
        self._trim()
        completion = self.client.chat.completions.create(
            model=self.model, messages=self.messages, **self.params
        )
        self.last_completion = completion
        answer = reply_text(completion)
        self._turns.append({"role": "assistant", "content": answer})
        return answer

    def _trim(self) -> None:
        while self.prompt_tokens() > self.token_budget:
            if len(self._turns) <= 1:
                self._turns.pop()
                raise ContextTooLong(
                    f"the instructions and the new message alone pass the budget of "
                    f"{self.token_budget} tokens"
                )
            # Drop the oldest turn whole: a user message and the answer to it.
            drop = 2 if len(self._turns) > 2 and self._turns[1]["role"] == "assistant" else 1
            del self._turns[:drop]
            self.dropped_messages += drop

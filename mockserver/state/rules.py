"""Scripted replies: rules from ``--config`` (or ``POST /__mock__/rules``) that override the
generated default. The first rule whose every condition holds wins.

A rule::

    {"match": {"model": "gpt-4o", "contains": "weather", "regex": "(?i)boston",
               "tools": true, "endpoint": "chat.completions"},
     "reply": {"content": "It is sunny."}}
    # or  "reply": {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]}
    # or  "error": {"status": 429, "message": "...", "type": "requests", "code": "..."}
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..http import errors

MATCH_KEYS = {"model", "contains", "regex", "tools", "endpoint"}


@dataclass(frozen=True)
class Rule:
    match: Mapping[str, Any]
    reply: Mapping[str, Any] | None
    error: Mapping[str, Any] | None
    pattern: re.Pattern[str] | None

    def matches(self, *, endpoint: str, model: str, text: str, has_tools: bool) -> bool:
        m = self.match
        if "endpoint" in m and m["endpoint"] != endpoint:
            return False
        if "model" in m and m["model"] != model:
            return False
        if "contains" in m and str(m["contains"]) not in text:
            return False
        if self.pattern is not None and not self.pattern.search(text):
            return False
        return not ("tools" in m and bool(m["tools"]) != has_tools)

    def raise_error(self) -> None:
        """Raise the rule's scripted error, if it has one."""
        if self.error is None:
            return
        e = self.error
        raise errors.APIError(
            int(e.get("status", 400)),
            str(e.get("message", "Scripted error.")),
            type=str(e.get("type", errors.INVALID_REQUEST)),
            param=e.get("param"),
            code=e.get("code"),
        )


def parse_rule(raw: Any) -> Rule:
    if not isinstance(raw, Mapping):
        raise ValueError("a rule is an object with 'match' and 'reply' or 'error'")
    match = raw.get("match", {})
    if not isinstance(match, Mapping) or not set(match) <= MATCH_KEYS:
        raise ValueError(f"a rule's 'match' takes only {sorted(MATCH_KEYS)}")
    reply, error = raw.get("reply"), raw.get("error")
    if (reply is None) == (error is None):
        raise ValueError("a rule gives exactly one of 'reply' or 'error'")
    if reply is not None and not isinstance(reply, Mapping):
        raise ValueError("a rule's 'reply' is an object")
    if error is not None and not isinstance(error, Mapping):
        raise ValueError("a rule's 'error' is an object")
    try:
        pattern = re.compile(str(match["regex"])) if "regex" in match else None
    except re.error as exc:
        raise ValueError(f"a rule's 'regex' does not compile: {exc}") from None
    return Rule(match=dict(match), reply=reply, error=error, pattern=pattern)


class Rules:
    def __init__(self, raw_rules: Iterable[Any] = ()) -> None:
        self._configured = [parse_rule(r) for r in raw_rules]
        self._added: list[Rule] = []
        self._lock = threading.Lock()

    @property
    def empty(self) -> bool:
        """No rule at all: generated replies only."""
        return not self._configured and not self._added

    def add(self, raw: Any) -> Rule:
        rule = parse_rule(raw)
        with self._lock:
            self._added.append(rule)
        return rule

    def first_match(
        self, *, endpoint: str, model: str, text: str, has_tools: bool = False
    ) -> Rule | None:
        with self._lock:
            candidates = self._added + self._configured
        for rule in candidates:
            if rule.matches(endpoint=endpoint, model=model, text=text, has_tools=has_tools):
                return rule
        return None

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            rules = self._added + self._configured
        return [
            {"match": dict(r.match), **({"reply": r.reply} if r.reply else {"error": r.error})}
            for r in rules
        ]

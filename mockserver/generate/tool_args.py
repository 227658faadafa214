"""Which tools a request's user text calls, and the JSON arguments of each call.

Tools are scored by the overlap of the user's words with each tool's name (split from
snake_case/camelCase), description and parameter names; a small Korean->English glossary lets
Korean requests reach English tool descriptions. Arguments are ``json_schema.instance`` values
of the tool's ``parameters`` with the user's text as the hint, keeping only the required
properties and the optional ones the text supports, as the real model tends to.

Both ``{"type": "function", "function": {...}}`` (Chat) and flat ``{"type": "function",
"name": ...}`` (Responses) tool entries are accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from ..randomness import derive, derive_int
from .json_schema import find_places, identifier_words, instance, written_key
from .text import hangul_stems

# Most parallel calls one request produces (one per named target).
MAX_PARALLEL_CALLS = 5

_STOPWORDS = frozenset(
    """a an and are as at be by can could do does for from get give how i in is it like me my
    of on or please should tell the this to today tomorrow was what whats when where which who
    will with would you your current now""".split()  # noqa: SIM905 - a word list reads better
)
# Words too generic in a parameter name to count as the text "mentioning" that parameter.
_GENERIC_PARAM_WORDS = frozenset({"num", "number", "is", "the", "id", "type", "value", "name"})
_LOCATION_PARAMS = frozenset({"location", "city", "place", "destination", "town", "region"})
_KO_GLOSSARY = {
    "날씨": "weather",
    "기온": "temperature",
    "온도": "temperature",
    "예보": "forecast",
    "검색": "search",
    "찾아": "search",
    "시간": "time",
    "시각": "time",
    "주가": "stock price",
    "주식": "stock",
    "환율": "exchange rate",
    "번역": "translate",
    "메일": "email",
    "이메일": "email",
    "일정": "calendar event",
    "예약": "book reservation",
    "뉴스": "news",
    "계산": "calculate",
    "주문": "order",
    "배송": "delivery shipping",
    "항공편": "flight",
    "비행기": "flight",
    "호텔": "hotel",
}
_EN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _norm(word: str) -> str:
    """Crude stemming so "forecasts"/"forecast" and "searching"/"search" meet."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: str) -> set[str]:
    found = {w for w in (_norm(m) for m in _EN_WORD_RE.findall(text)) if w not in _STOPWORDS}
    for stem in hangul_stems(text):
        for korean, english in _KO_GLOSSARY.items():
            if stem.startswith(korean):
                found |= {_norm(w) for w in english.split()}
    return found


def function_of(tool: Mapping[str, Any]) -> Mapping[str, Any]:
    """The function definition of a Chat (nested) or Responses (flat) tool entry."""
    nested = tool.get("function")
    return nested if isinstance(nested, Mapping) else tool


def _properties(function: Mapping[str, Any]) -> Mapping[str, Any]:
    params = function.get("parameters")
    props = params.get("properties") if isinstance(params, Mapping) else None
    return props if isinstance(props, Mapping) else {}


def _has_location_param(function: Mapping[str, Any]) -> bool:
    return any(set(identifier_words(k)) & _LOCATION_PARAMS for k in _properties(function))


@dataclass(frozen=True)
class _ToolWords:
    """The words of one function definition that ``score`` compares with the user's."""

    name: frozenset[str]
    description: frozenset[str]
    params: frozenset[str]
    takes_location: bool


# A client re-sends the same tools with every request, so a definition's words are remembered
# by its JSON (as tools.check_tools remembers a checked list): bounded in count and size.
REMEMBERED_TOOLS = 512
REMEMBERED_BYTES = 1 << 14  # a longer definition has its words found each time


def _tool_words(function: Mapping[str, Any]) -> _ToolWords:
    """The definition's words, remembered by its JSON (the same JSON, the same words)."""
    written = written_key(function, REMEMBERED_BYTES)
    return _find_tool_words(function) if written is None else _remembered_words(written)


@lru_cache(maxsize=REMEMBERED_TOOLS)
def _remembered_words(written: bytes) -> _ToolWords:
    return _find_tool_words(orjson.loads(written))


def _find_tool_words(function: Mapping[str, Any]) -> _ToolWords:
    name = {_norm(w) for w in identifier_words(str(function.get("name", "")))} - _STOPWORDS
    description = _words(str(function.get("description") or "")) - name
    params = {_norm(w) for k in _properties(function) for w in identifier_words(k)}
    params -= _GENERIC_PARAM_WORDS | _STOPWORDS
    return _ToolWords(
        frozenset(name), frozenset(description), frozenset(params), _has_location_param(function)
    )


class _UserText:
    """The user's text with its words, and its places found once when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _words(text)
        self._places: list[str] | None = None

    @property
    def places(self) -> list[str]:
        if self._places is None:
            self._places = find_places(self.text)
        return self._places


def score(tool: Mapping[str, Any], user_text: str) -> float:
    """How strongly the user's words point at ``tool`` (0 when they share nothing)."""
    return _score(tool, _UserText(user_text))


def _score(tool: Mapping[str, Any], user: _UserText) -> float:
    words = _tool_words(function_of(tool))
    total = (
        2.0 * len(user.words & words.name)
        + len(user.words & words.description)
        + 0.5 * len(user.words & words.params)
    )
    if total and words.takes_location and user.places:
        total += 1.0  # "weather in Boston": a place fits a tool that takes a location
    return total


def _best(tools: list[dict[str, Any]], user: _UserText, seed: int) -> tuple[dict[str, Any], float]:
    scores = [_score(tool, user) for tool in tools]
    top = max(scores)
    tied = [tool for tool, s in zip(tools, scores, strict=True) if s == top]
    rng = derive(seed, "choose_tools", user.text)
    return tied[rng.randrange(len(tied))], top


def should_call(tools: list[dict[str, Any]], user_text: str) -> bool:
    """For ``tool_choice: "auto"``: whether the user's words relate to any tool."""
    if not tools:
        return False
    user = _UserText(user_text)
    return max(_score(tool, user) for tool in tools) > 0


def choose_tools(
    tools: list[dict[str, Any]], user_text: str, seed: int, *, parallel: bool
) -> list[dict[str, Any]]:
    """The tool entries to call, in order (ties between equal scores broken by ``seed``).

    One call to the best-scoring tool; with ``parallel`` and a location-taking tool, one call
    per place the text names ("weather in Boston and Tokyo" -> two calls). Pass each call's
    position in the returned list as ``index`` to ``arguments`` so each gets its own target.
    """
    if not tools:
        return []
    user = _UserText(user_text)
    best, _ = _best(tools, user, seed)
    places = user.places
    if parallel and len(places) > 1 and _tool_words(function_of(best)).takes_location:
        return [best] * min(len(places), MAX_PARALLEL_CALLS)
    return [best]


def _supported_by_text(key: str, schema: Any, user_text: str, has_places: bool) -> bool:
    """Whether the user's text gives a value for this optional property."""
    words = set(identifier_words(key))
    if words & _LOCATION_PARAMS:
        return has_places
    if isinstance(schema, Mapping):
        for value in schema.get("enum") or []:
            if isinstance(value, str) and re.search(
                rf"(?<!\w){re.escape(value.lower())}(?!\w)", user_text.lower()
            ):
                return True
    return bool({_norm(w) for w in words - _GENERIC_PARAM_WORDS} & _words(user_text))


def arguments(function: Mapping[str, Any], user_text: str, seed: int, *, index: int = 0) -> str:
    """The call's arguments: compact JSON valid against the function's ``parameters``.

    Required properties are always present, optional ones only when the text supports them
    (a mentioned enum value, a named place, the property's own name), every property when the
    function is ``strict``. ``index`` picks which named place a location gets (parallel calls).
    """
    function = function_of(function)
    params = function.get("parameters")
    if not isinstance(params, Mapping):
        params = {"type": "object", "properties": {}}
    props = _properties(function)
    required = [k for k in params.get("required") or [] if isinstance(k, str)]
    places = find_places(user_text)
    strict = function.get("strict") is True
    chosen = [
        key
        for key, sub in props.items()
        if strict or key in required or _supported_by_text(key, sub, user_text, bool(places))
    ]
    narrowed = {
        **params,
        "properties": {key: props[key] for key in chosen},
        "required": chosen + [k for k in required if k not in props],
    }
    if places:
        shift = index % len(places)
        places = places[shift:] + places[:shift]
    value_seed = derive_int(seed, "tool_args", str(function.get("name", "")), index)
    value = instance(narrowed, value_seed, hint=user_text, places=places)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

"""Output that teaches: each field of a response beside what it means, in English or Korean;
or, with ``--json``, nothing but the raw objects, one JSON document per line."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

import openai
from pydantic import BaseModel

from .glossary import GLOSSARY
from .text import T

# A list of more numbers than this (an embedding) is shown by its first few and its length.
LONG_LIST = 8


class Teacher:
    def __init__(self, out: IO[str], *, lang: str = "en", as_json: bool = False) -> None:
        self.out = out
        self.lang = lang
        self.as_json = as_json

    def pick(self, text: T) -> str:
        return text.ko if self.lang == "ko" else text.en

    def _print(self, text: str = "", end: str = "\n") -> None:
        self.out.write(text + end)
        self.out.flush()

    def heading(self, text: T) -> None:
        if not self.as_json:
            self._print(f"== {self.pick(text)}")

    def say(self, text: T | str, end: str = "\n") -> None:
        """Teaching prose; silent under ``--json``."""
        if not self.as_json:
            self._print(text if isinstance(text, str) else self.pick(text), end=end)

    def value(self, label: T, value: object, why: T | None = None) -> None:
        if self.as_json:
            return
        note = f"  -- {self.pick(why)}" if why else ""
        self._print(f"  {self.pick(label)}: {value}{note}")

    def result(self, obj: BaseModel | Mapping[str, Any], *, fields: bool = True) -> None:
        """The raw object under ``--json``; otherwise its fields, each explained where the
        glossary knows it (``fields=False``: nothing, the lesson has said what matters)."""
        if isinstance(obj, openai.BaseModel):
            data = obj.to_dict()  # the fields the server sent, not the SDK's unset defaults
        elif isinstance(obj, BaseModel):
            data = obj.model_dump(mode="json")
        else:
            data = dict(obj)
        if self.as_json:
            self._print(json.dumps(data, ensure_ascii=False))
            return
        if not fields:
            return
        for path, key, leaf in flatten(data):
            why = GLOSSARY.get(key)
            if leaf is None and why is None:
                continue  # the SDK's unset optional fields: noise to a learner
            note = f"  -- {self.pick(why)}" if why else ""
            self._print(f"  {path} = {render(leaf)}{note}")


def flatten(data: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str, Any]]:
    """(``choices[0].message.content``, ``choices.message.content``, value) for each leaf;
    the second form, without indices, is the glossary's key."""
    if isinstance(data, dict) and data:
        for name, value in data.items():
            yield from flatten(
                value, f"{path}.{name}" if path else name, f"{key}.{name}" if key else name
            )
    elif isinstance(data, list) and data and not _numbers(data):
        for index, value in enumerate(data):
            yield from flatten(value, f"{path}[{index}]", key)
    else:
        yield path, key, data


def _numbers(items: list[Any]) -> bool:
    return all(isinstance(item, int | float) and not isinstance(item, bool) for item in items)


def render(value: Any) -> str:
    if isinstance(value, list) and len(value) > LONG_LIST and _numbers(value):
        head = ", ".join(f"{v:.4f}" if isinstance(v, float) else str(v) for v in value[:3])
        return f"[{head}, ...] ({len(value)} numbers)"
    return json.dumps(value, ensure_ascii=False)

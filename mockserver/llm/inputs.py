"""The four shapes ``prompt`` (legacy completions) and ``input`` (embeddings) may take.

A string, a list of strings, a list of token ids, or a list of token-id lists. Each shape turns
into a list of ``Item``s holding both the text and its tokens, so usage counts the tokens the
caller sent and the generators see text. Anything else is the API's ``'$.<name>' is invalid``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import tokens
from ..http.errors import invalid_field


@dataclass(frozen=True)
class Item:
    text: str
    token_ids: tuple[int, ...]

    @property
    def n_tokens(self) -> int:
        return len(self.token_ids)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _from_tokens(ids: list[int], name: str, encoding: str) -> Item:
    enc = tokens.get_encoding(encoding)
    try:
        pieces = enc.decode_tokens_bytes(ids)
    except (KeyError, ValueError, OverflowError):
        raise invalid_field(name) from None
    # A list of ids can cut through a multi-byte character: decode as tiktoken does.
    return Item(b"".join(pieces).decode("utf-8", errors="replace"), tuple(ids))


def _from_text(text: str, encoding: str) -> Item:
    return Item(text, tuple(tokens.encode(text, encoding)))


def parse_items(value: object, name: str, encoding: str, *, allow_empty_text: bool) -> list[Item]:
    """The items of a ``prompt``/``input`` value, or the API's 400 for a malformed one."""
    if isinstance(value, str):
        if not value and not allow_empty_text:
            raise invalid_field(name)
        return [_from_text(value, encoding)]
    if not isinstance(value, list) or not value:
        raise invalid_field(name)
    if all(isinstance(v, str) for v in value):
        if not allow_empty_text and any(v == "" for v in value):
            raise invalid_field(name)
        return [_from_text(v, encoding) for v in value]
    if all(_is_int(v) for v in value):
        return [_from_tokens(value, name, encoding)]
    if all(isinstance(v, list) and v and all(_is_int(t) for t in v) for v in value):
        return [_from_tokens(v, name, encoding) for v in value]
    raise invalid_field(name)

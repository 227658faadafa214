"""A completion as the stream of ``chat.completion.chunk`` objects the real API sends.

Per choice: a first delta with ``role: "assistant"`` and ``content: ""`` (tool calls: the first
call's header instead), then one delta per token (tokens that are only part of a UTF-8
character are held until the character is whole), then an empty delta with the
``finish_reason``. Choices interleave when ``n > 1``. With ``include_usage`` every chunk has
``usage: null`` and one last chunk has ``choices: []`` and the usage.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import zip_longest
from typing import Any, cast

import orjson

from ... import tokens
from ...http.obfuscation import Obfuscator
from ...llm.plan import Choice
from .render import Completion
from .request import ChatRequest


def _deltas(choice: Choice, encoding: str) -> Iterator[tuple[dict[str, Any], Any, str]]:
    """(delta, logprobs, visible text) for each chunk of one choice, the last one excluded."""
    with_logprobs = choice.logprobs is not None
    if choice.tool_calls:
        first = _header(0, choice.tool_calls[0])
        yield (
            {"role": "assistant", "content": None, "tool_calls": [first], "refusal": None},
            None,
            "",
        )
        for k, call in enumerate(choice.tool_calls):
            if k:
                yield {"tool_calls": [_header(k, call)]}, None, ""
            ids = tokens.encode(call["function"]["arguments"], encoding)
            for piece in tokens.pieces(ids, encoding):
                delta = {"tool_calls": [{"index": k, "function": {"arguments": piece.text}}]}
                yield delta, None, piece.text
        return
    yield (
        {"role": "assistant", "content": "", "refusal": None},
        {"content": [], "refusal": None} if with_logprobs else None,
        "",
    )
    for piece in tokens.pieces(choice.content_ids, encoding):
        logprobs = None
        if choice.logprobs is not None:
            content = choice.logprobs.json(piece.start, piece.end)
            logprobs = {"content": content, "refusal": None}
        yield {"content": piece.text}, logprobs, piece.text


def _header(index: int, call: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": index,
        "id": call["id"],
        "type": "function",
        "function": {"name": call["function"]["name"], "arguments": ""},
    }


def _rows(req: ChatRequest, completion: Completion) -> Iterator[tuple[list[Any], str, Any]]:
    """(choices, visible text, usage) of every chunk, in order: the choices' deltas
    interleaved, then each finish, then (``include_usage``) the usage chunk."""
    streams = [_deltas(c, req.call.encoding) for c in completion.choices]
    for row in zip_longest(*streams):
        for index, item in enumerate(row):
            if item is None:
                continue
            delta, logprobs, visible = item
            choice = {"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": None}
            yield [choice], visible, None
    for done in completion.choices:
        finish = {"index": done.index, "delta": {}, "logprobs": None}
        yield [{**finish, "finish_reason": done.finish_reason}], "", None
    if req.include_usage:
        yield [], "", completion.usage


# A content delta of a text choice without logprobs, as orjson writes
# ``[{"index": INDEX, "delta": {"content": TEXT}, "logprobs": None, "finish_reason": None}]``:
# most chunks of most streams, written around the text alone.
_CONTENT_OPEN = b'[{"index":%d,"delta":{"content":'
_CONTENT_CLOSE = b'},"logprobs":null,"finish_reason":null}]'


@lru_cache(maxsize=128)  # n is at most 128
def _role_row(index: int) -> bytes:
    """The first row of such a choice (``_deltas``' first), the same in every stream."""
    role = {"role": "assistant", "content": "", "refusal": None}
    return orjson.dumps([{"index": index, "delta": role, "logprobs": None, "finish_reason": None}])


def _json_rows(req: ChatRequest, completion: Completion) -> Iterator[tuple[bytes, str, Any]]:
    """``_rows`` with each choices list as JSON."""
    for choices, visible, usage in _rows(req, completion):
        yield orjson.dumps(choices), visible, usage


# Each token's text as a content delta's JSON string, and its length in characters, for the
# tokens that are whole characters alone: per encoding, emptied when full. Replies share most
# of their tokens (words recur), and a lookup costs a fraction of spelling the token and
# writing its JSON.
_DELTAS_MAX = 8192
_deltas_known: dict[str, dict[int, tuple[bytes, int]]] = {}


def _content_deltas(token_ids: list[int], encoding: str) -> list[tuple[bytes, int]]:
    """(text as JSON, length in characters) of each content delta of a reply, in order: the
    texts of ``tokens.pieces``, one per token when every token is whole characters."""
    known = _deltas_known.setdefault(encoding, {})
    deltas = list(map(known.get, token_ids))
    if None not in deltas:  # every token known, so each is whole characters: a piece each
        return cast(list[tuple[bytes, int]], deltas)
    if len(known) + len(token_ids) > _DELTAS_MAX:
        known.clear()
    out = []
    for piece in tokens.pieces(token_ids, encoding):
        delta = (orjson.dumps(piece.text), len(piece.text))
        # Remembered when the token alone is the piece: not a run of a character's parts, nor
        # a reply's last bytes left incomplete (decoded with U+FFFD, which marks them).
        if piece.end - piece.start == 1 and "\ufffd" not in piece.text:
            known[token_ids[piece.start]] = delta
        out.append(delta)
    return out


def frames(req: ChatRequest, completion: Completion, seed: int) -> Iterator[bytes]:
    """Every ``data:`` frame of the stream, in order (the ``[DONE]`` line is the framing's).

    A chunk is ``{"id", "object", "created", "model", "service_tier", "system_fingerprint",
    "choices", ["usage"], ["obfuscation"]}`` in compact JSON; all but the choices, the usage and
    the padding are the same in every chunk, so that head is written once and each frame is
    the head, its own parts and the close: the bytes ``orjson.dumps`` gives for the whole."""
    # The whole chunk's JSON with the choices last, cut before their value.
    head = b"data: " + orjson.dumps(
        {
            "id": completion.id,
            "object": "chat.completion.chunk",
            "created": completion.created,
            "model": completion.model,
            "service_tier": completion.service_tier,
            "system_fingerprint": completion.system_fingerprint,
            "choices": None,
        }
    ).removesuffix(b"null}")
    obfuscator = Obfuscator(seed, completion.id) if req.include_obfuscation else None
    with_usage = req.include_usage

    def frame(position: int, choices: bytes, visible: str, usage: Any) -> bytes:
        if with_usage:
            choices += b',"usage":' + (b"null" if usage is None else orjson.dumps(usage))
        if obfuscator is None:
            return head + choices + b"}\n\n"
        pad = obfuscator.pad_bytes(position, len(visible))
        return b"".join((head, choices, b',"obfuscation":"', pad, b'"}\n\n'))

    choices = completion.choices
    if any(choice.tool_calls or choice.logprobs is not None for choice in choices):
        for position, (row, visible, usage) in enumerate(_json_rows(req, completion)):
            yield frame(position, row, visible, usage)
        return
    # Text choices without logprobs (most streams): each choice's role delta, then a content
    # delta per piece, the choices interleaved, each frame written around its text (as JSON,
    # remembered per token) and its padding in one join (one frame per token: this is most of
    # a stream's cost), then each choice's finish and the usage.
    count = len(choices)
    for index in range(count):
        yield frame(index, _role_row(index), "", None)
    opens = [head + _CONTENT_OPEN % index for index in range(count)]
    encoding = req.call.encoding
    if count == 1:  # the usual stream: every frame opens alike
        rows, opened = _content_deltas(choices[0].content_ids, encoding), opens[0]
    else:  # each text led by its own choice's opening
        replies = [_content_deltas(choice.content_ids, encoding) for choice in choices]
        rows = [
            (opens[index] + delta[0], delta[1])  # (text, visible length)
            for row in zip_longest(*replies)
            for index, delta in enumerate(row)
            if delta is not None
        ]
        opened = b""
    closed = _CONTENT_CLOSE + b',"usage":null' if with_usage else _CONTENT_CLOSE
    if obfuscator is None:
        end = closed + b"}\n\n"
        yield from [b"".join((opened, text, end)) for text, _ in rows]
    else:
        padded = closed + b',"obfuscation":"'
        yield from obfuscator.framed(count, rows, opened, padded, b'"}\n\n')
    position = count + len(rows)
    for choice in choices:
        reason = choice.finish_reason
        finish = {"index": choice.index, "delta": {}, "logprobs": None, "finish_reason": reason}
        yield frame(position, orjson.dumps([finish]), "", None)
        position += 1
    if with_usage:
        yield frame(position, b"[]", "", completion.usage)

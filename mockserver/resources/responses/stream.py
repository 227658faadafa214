"""A response as the typed event stream the real API sends (``stream: true``).

``event: <type>`` and ``data: <json>`` lines per event, every event numbered by
``sequence_number``, no ``[DONE]``: ``response.created`` and ``response.in_progress`` (the
response without output), then per output item ``response.output_item.added``, its parts
(reasoning summary parts, the message's ``output_text`` part, a call's arguments) with one
delta per token and a ``.done`` each, ``response.output_item.done``; last
``response.completed`` (or ``response.incomplete``) with the response the non-streamed request
returns. Deltas carry ``obfuscation`` padding unless ``stream_options.include_obfuscation`` is
false."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import tokens
from ...http.obfuscation import Obfuscator
from ...http.sse import event_frame
from . import image_generation


def frame(event: dict[str, Any]) -> bytes:
    """An event as its frame, named by its own ``type``."""
    return event_frame(event["type"], event)


def _delta_logprobs(logprobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A delta's logprobs carry no bytes (the SDK's and the spec's shape).
    return [
        {
            "token": lp["token"],
            "logprob": lp["logprob"],
            "top_logprobs": [
                {"token": t["token"], "logprob": t["logprob"]} for t in lp.get("top_logprobs", [])
            ],
        }
        for lp in logprobs
    ]


class _Events:
    def __init__(self, encoding: str, obfuscator: Obfuscator | None) -> None:
        self.encoding = encoding
        self.obfuscator = obfuscator
        self.sequence = 0

    def event(self, kind: str, **fields: Any) -> dict[str, Any]:
        event = {"type": kind, "sequence_number": self.sequence, **fields}
        self.sequence += 1
        return event

    def delta(self, kind: str, text: str, **fields: Any) -> dict[str, Any]:
        event = self.event(kind, **fields, delta=text)
        if self.obfuscator is not None:
            pad = self.obfuscator.pad_bytes(event["sequence_number"], len(text))
            event["obfuscation"] = pad.decode("ascii")
        return event

    def pieces(self, text: str, ids: list[int] | None = None) -> list[tokens.Piece]:
        """One piece per token (whole characters): ``ids`` when the planner kept them."""
        if ids is None:
            ids = tokens.encode_prose(text, self.encoding)
        return tokens.pieces(ids, self.encoding)

    def reasoning(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        item_id = item["id"]
        added = {"id": item_id, "type": "reasoning", "summary": []}
        yield self.event("response.output_item.added", output_index=index, item=added)
        where = {"item_id": item_id, "output_index": index}
        for k, part in enumerate(item["summary"]):
            empty = {"type": "summary_text", "text": ""}
            yield self.event(
                "response.reasoning_summary_part.added", **where, summary_index=k, part=empty
            )
            for piece in self.pieces(part["text"]):
                yield self.delta(
                    "response.reasoning_summary_text.delta", piece.text, **where, summary_index=k
                )
            yield self.event(
                "response.reasoning_summary_text.done", **where, summary_index=k, text=part["text"]
            )
            yield self.event(
                "response.reasoning_summary_part.done", **where, summary_index=k, part=part
            )
        yield self.event("response.output_item.done", output_index=index, item=item)

    def message(self, index: int, item: dict[str, Any], ids: list[int]) -> Iterator[dict[str, Any]]:
        item_id = item["id"]
        added = {**item, "status": "in_progress", "content": []}
        yield self.event("response.output_item.added", output_index=index, item=added)
        where = {"item_id": item_id, "output_index": index, "content_index": 0}
        (part,) = item["content"]
        empty = {**part, "logprobs": [], "text": ""}
        yield self.event("response.content_part.added", **where, part=empty)
        logprobs = part["logprobs"]
        for piece in self.pieces(part["text"], ids):
            shown = _delta_logprobs(logprobs[piece.start : piece.end]) if logprobs else []
            yield self.delta("response.output_text.delta", piece.text, **where, logprobs=shown)
        done_logprobs = _delta_logprobs(logprobs) if logprobs else []
        yield self.event(
            "response.output_text.done", **where, text=part["text"], logprobs=done_logprobs
        )
        yield self.event("response.content_part.done", **where, part=part)
        yield self.event("response.output_item.done", output_index=index, item=item)

    def search(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A file_search_call or web_search_call: added in progress, its three steps, done."""
        if item["type"] == "file_search_call":
            added = {**item, "status": "in_progress", "results": None}
        else:
            # The sources are known only once the search has run.
            action = {k: v for k, v in item["action"].items() if k != "sources"}
            added = {**item, "status": "in_progress", "action": action}
        yield self.event("response.output_item.added", output_index=index, item=added)
        where = {"item_id": item["id"], "output_index": index}
        for step in ("in_progress", "searching", "completed"):
            yield self.event(f"response.{item['type']}.{step}", **where)
        yield self.event("response.output_item.done", output_index=index, item=item)

    def code_interpreter(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A code_interpreter_call: added in progress, its code a token at a time, run, done."""
        added = {**item, "status": "in_progress", "code": "", "outputs": None}
        yield self.event("response.output_item.added", output_index=index, item=added)
        where = {"item_id": item["id"], "output_index": index}
        kind = "response.code_interpreter_call"
        yield self.event(f"{kind}.in_progress", **where)
        code = item["code"] or ""
        for piece in self.pieces(code):
            yield self.delta(f"{kind}_code.delta", piece.text, **where)
        yield self.event(f"{kind}_code.done", **where, code=code)
        yield self.event(f"{kind}.interpreting", **where)
        yield self.event(f"{kind}.completed", **where)
        yield self.event("response.output_item.done", output_index=index, item=item)

    def image_generation(
        self, index: int, item: dict[str, Any], partials: int
    ) -> Iterator[dict[str, Any]]:
        """An image_generation_call: added in progress, generating, ``partials`` partial
        images (the picture coming into focus), completed with the picture, done."""
        added = {**item, "status": "in_progress", "result": None}
        yield self.event("response.output_item.added", output_index=index, item=added)
        where = {"item_id": item["id"], "output_index": index}
        kind = "response.image_generation_call"
        yield self.event(f"{kind}.in_progress", **where)
        yield self.event(f"{kind}.generating", **where)
        shown = {k: item[k] for k in ("background", "output_format", "quality", "size")}
        for k, b64 in enumerate(image_generation.partial_images(item, partials)):
            yield self.event(
                f"{kind}.partial_image",
                **where,
                partial_image_b64=b64,
                partial_image_index=k,
                **shown,
            )
        yield self.event(f"{kind}.completed", **where)
        yield self.event("response.output_item.done", output_index=index, item=item)

    def shell_call(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A shell_call: added in progress with no commands yet, each command a token at a
        time, done."""
        commands = item["action"]["commands"]
        added = {**item, "status": "in_progress", "action": {**item["action"], "commands": []}}
        yield self.event("response.output_item.added", output_index=index, item=added)
        kind = "response.shell_call_command"
        for k, command in enumerate(commands):
            where = {"output_index": index, "command_index": k}
            yield self.event(f"{kind}.added", **where, command="")
            for piece in self.pieces(command):
                yield self.delta(f"{kind}.delta", piece.text, **where)
            yield self.event(f"{kind}.done", **where, command=command)
        yield self.event("response.output_item.done", output_index=index, item=item)

    def shell_output(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A hosted shell's shell_call_output: added in progress with no output yet, each
        command's output whole (its stdout and stderr as they came), done."""
        added = {**item, "status": "in_progress", "output": []}
        yield self.event("response.output_item.added", output_index=index, item=added)
        kind = "response.shell_call_output_content"
        for k, part in enumerate(item["output"]):
            where = {"item_id": item["id"], "output_index": index, "command_index": k}
            delta = {"stdout": part["stdout"], "stderr": part["stderr"]}
            yield self.event(f"{kind}.delta", **where, delta=delta)
            yield self.event(f"{kind}.done", **where, output=[part])
        yield self.event("response.output_item.done", output_index=index, item=item)

    def whole_item(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """An item sent whole (a client tool's call, a tool search and its output): added in
        progress, then done."""
        added = {**item, "status": "in_progress"}
        yield self.event("response.output_item.added", output_index=index, item=added)
        yield self.event("response.output_item.done", output_index=index, item=item)

    def function_call(self, index: int, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        added = {**item, "status": "in_progress", "arguments": ""}
        yield self.event("response.output_item.added", output_index=index, item=added)
        where = {"item_id": item["id"], "output_index": index}
        for piece in self.pieces(item["arguments"]):
            yield self.delta("response.function_call_arguments.delta", piece.text, **where)
        yield self.event(
            "response.function_call_arguments.done",
            **where,
            name=item["name"],
            arguments=item["arguments"],
        )
        yield self.event("response.output_item.done", output_index=index, item=item)


def _partial_images(response: dict[str, Any]) -> int:
    """How many partial images the response's image_generation tool asks a stream for."""
    counts = [
        t.get("partial_images") or 0 for t in response["tools"] if t["type"] == "image_generation"
    ]
    return int(counts[0]) if counts else 0


def in_progress(response: dict[str, Any]) -> dict[str, Any]:
    """The response as it stands before any output: in progress, no output, no usage yet
    (the key left out, as render.response_api leaves it out)."""
    start = {**response, "status": "in_progress", "completed_at": None, "output": []}
    start["incomplete_details"] = None
    start.pop("usage", None)
    return start


def events(
    response: dict[str, Any],
    content_ids: list[int],
    encoding: str,
    obfuscator: Obfuscator | None,
    *,
    queued: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every event of the stream of ``response`` (the finished object), in order;
    ``content_ids`` are the message's tokens. A background stream (``queued``) starts
    queued."""
    out = _Events(encoding, obfuscator)
    start = in_progress(response)
    if queued:
        waiting = {**start, "status": "queued"}
        yield out.event("response.created", response=waiting)
        yield out.event("response.queued", response=waiting)
    else:
        yield out.event("response.created", response=start)
    yield out.event("response.in_progress", response=start)
    for index, item in enumerate(response["output"]):
        if item["type"] == "reasoning":
            yield from out.reasoning(index, item)
        elif item["type"] == "message":
            yield from out.message(index, item, content_ids)
        elif item["type"] in ("file_search_call", "web_search_call"):
            yield from out.search(index, item)
        elif item["type"] == "code_interpreter_call":
            yield from out.code_interpreter(index, item)
        elif item["type"] == "image_generation_call":
            yield from out.image_generation(index, item, _partial_images(response))
        elif item["type"] == "shell_call":
            yield from out.shell_call(index, item)
        elif item["type"] == "shell_call_output":
            yield from out.shell_output(index, item)
        elif item["type"] != "function_call":
            yield from out.whole_item(index, item)
        else:
            yield from out.function_call(index, item)
    final = "response.incomplete" if response["status"] == "incomplete" else "response.completed"
    yield out.event(final, response=response)


def frames(
    response: dict[str, Any],
    content_ids: list[int],
    encoding: str,
    obfuscator: Obfuscator | None,
    *,
    queued: bool = False,
    starting_after: int = -1,
) -> Iterator[bytes]:
    """The stream's frames; a resumed stream sends only the events numbered after
    ``starting_after``."""
    for event in events(response, content_ids, encoding, obfuscator, queued=queued):
        if event["sequence_number"] > starting_after:
            yield frame(event)

"""What the serving options (``options.ServingOptions``) do to a made response: server-side
compaction over ``compact_threshold``, moderation of its input and output, the prompt-cache
diagnostics against a ``comparison_response_id``, hosted tools' usage, and the fields the
response echoes for them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ...generate import moderation
from ...llm.messages import Conversation
from . import compact
from .render import Output, item_id
from .request import ResponsesRequest

# The hosted tools whose usage the response reports apart from the model's.
USAGE_TOOLS = ("image_generation", "web_search", "web_search_preview")


def _has_images(req: ResponsesRequest) -> bool:
    return any(message.image_count for message in Conversation.of(req.input.messages).messages)


def echoed(req: ResponsesRequest) -> dict[str, Any]:
    """The options as the response object carries them (a key only when it was asked for)."""
    options = req.options
    fields: dict[str, Any] = {}
    if options.access_programs is not None:
        fields["access_programs"] = options.access_programs
    if options.image_compression is not None:
        # The effective policy: "auto" compresses when there is an image to compress.
        effective = options.image_compression
        if effective == "auto":
            effective = "enabled" if _has_images(req) else "disabled"
        fields["image"] = {"context_compression": effective}
    if options.prompt_cache_options is not None:
        fields["prompt_cache_options"] = options.prompt_cache_options
    return fields


def compacted(req: ResponsesRequest, output: Output, seed: int, rid: str) -> Output:
    """Server-side compaction: when the input is over ``compact_threshold`` the output starts
    with one ``compaction`` item standing for the whole context so far (as
    ``responses.compact`` seals it), which a later request can take as its input."""
    threshold = req.options.compact_threshold
    if threshold is None or req.call.prompt_tokens <= threshold:
        return output
    item = {
        "id": item_id(seed, "cmp_", rid, 0),
        "type": "compaction",
        "encrypted_content": compact.seal(req.history + req.input.messages),
    }
    return replace(output, items=[item, *output.items])


def _output_text(output: Output) -> str:
    return "".join(
        part.get("text", "")
        for item in output.items
        if item["type"] == "message"
        for part in item["content"]
    )


def _result(model: str, multimodal: bool, text: str) -> dict[str, Any]:
    scored = moderation.moderate_text(text, multimodal=multimodal)
    # A text model does not judge some categories (null flags): the response's result types
    # hold booleans only, so those categories are left out.
    judged = [c for c, flag in scored["categories"].items() if flag is not None]
    return {
        "type": "moderation_result",
        "model": model,
        "flagged": scored["flagged"],
        "categories": {c: scored["categories"][c] for c in judged},
        "category_scores": {c: scored["category_scores"][c] for c in judged},
        "category_applied_input_types": {
            c: scored["category_applied_input_types"][c] for c in judged
        },
    }


def moderated(req: ResponsesRequest, output: Output) -> tuple[Output, dict[str, Any] | None]:
    """The output after moderation, and the results the response carries (None when not
    asked). A ``block`` policy whose side is flagged withholds the output: the response is
    incomplete for ``content_filter``."""
    options = req.options
    if options.moderation_model is None:
        return output, None
    user_text = "\n".join(
        message.text for message in Conversation.of(req.input.messages).messages
        if message.role == "user"
    )  # fmt: skip
    results = {
        "input": _result(options.moderation_model, options.moderation_multimodal, user_text),
        "output": _result(
            options.moderation_model, options.moderation_multimodal, _output_text(output)
        ),
    }
    blocked = (options.moderation_input == "block" and results["input"]["flagged"]) or (
        options.moderation_output == "block" and results["output"]["flagged"]
    )
    if blocked:
        output = replace(output, items=[], incomplete=True, reason="content_filter", content_ids=[])
    return output, results


def _cache_changes(stored: Mapping[str, Any], response: Mapping[str, Any]) -> str | None:
    """Why a response could not reuse the stored one's prompt cache (None: it could)."""
    reasoning = (stored.get("reasoning") or {}).get("effort"), (response.get("reasoning") or {})
    text = stored.get("text") or {}
    checks = (
        ("model_changed", stored["model"] == response["model"]),
        (
            "prompt_cache_key_changed",
            stored.get("prompt_cache_key") == response["prompt_cache_key"],
        ),
        ("tools_changed", stored["tools"] == response["tools"]),
        ("text_format_changed", text.get("format") == response["text"].get("format")),
        ("reasoning_effort_changed", reasoning[0] == reasoning[1].get("effort")),
        ("verbosity_changed", text.get("verbosity") == response["text"].get("verbosity")),
        ("service_tier_changed", stored.get("service_tier") == response["service_tier"]),
    )
    for reason, same in checks:
        if not same:
            return reason
    return None


def cache_diagnostics(
    req: ResponsesRequest, response: Mapping[str, Any], stored: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The prompt-cache diagnostics against ``comparison_response_id`` (``stored`` is its
    record, None when it is not kept): a hit when the compared response's context is where
    this one's starts and nothing that keys the cache changed."""
    if req.options.comparison_response_id is None:
        return None
    if stored is None:
        return {"type": "comparison_response_not_found"}
    previous: list[dict[str, Any]] = stored["context"]
    reused = stored["response"].get("usage", {}).get("input_tokens", 0)
    reason = _cache_changes(stored["response"], response)
    messages = req.history + req.input.messages
    if reason is None and messages[: len(previous)] != previous:
        reason = "input_changed"
    if reason is None and any(item["type"] == "compaction" for item in response["output"]):
        reason = "context_compacted"
    if reason is None:
        return {"type": "cache_hit"}
    return {
        "type": "cache_miss",
        "reason": reason,
        "cache_missed_tokens": req.call.prompt_tokens,
        "comparison_reusable_tokens": reused,
    }


def tool_usage(req: ResponsesRequest, output: Output) -> dict[str, Any] | None:
    """Hosted tools' usage, when the request offers one that reports it (families that did
    not run count zero)."""
    if not any(tool["type"] in USAGE_TOOLS for tool in req.tools):
        return None
    searches = sum(1 for item in output.items if item["type"] == "web_search_call")
    # The mock's pictures are not made from tokens: their usage counts none.
    return {
        "image_gen": {
            "input_tokens": 0,
            "input_tokens_details": {"image_tokens": 0, "text_tokens": 0},
            "output_tokens": 0,
            "total_tokens": 0,
        },
        "web_search": {"num_requests": searches},
    }

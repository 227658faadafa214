"""The create parameters that tune how a response is served rather than what the model says:
``access_programs``, ``background_options``, ``context_management``, ``image``, ``moderation``
and ``prompt_cache_options``. Each is checked as the real API checks it (unknown nested
fields by their path, enums, limits) and read into ``ServingOptions``: what the response
echoes and what the handler does with them (compaction, moderation, a cache prewarm)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...catalogue import Catalogue
from ...http import errors
from ...http.params import check_value, param, required
from . import errors as resp_errors

CYBER_PROGRAMS = ("standard", "daybreak_blue", "daybreak_red")
COMPLETION_WINDOWS = ("soonest", "2h", "8h")
# The discounted windows run as Standard processing only.
STANDARD_TIERS = ("auto", "default")
CONTEXT_MANAGEMENT_TYPES = ("compaction",)
# The OpenAPI description's floor for a compaction threshold.
MIN_COMPACT_THRESHOLD = 1000
IMAGE_COMPRESSION = ("auto", "enabled", "disabled")
MODERATION_MODES = ("score", "block")
CACHE_MODES = ("implicit", "explicit")
CACHE_TTLS = ("30m", "12h")
MODERATION_ENDPOINT = "moderations"


@dataclass(frozen=True)
class ServingOptions:
    """The checked options; ``None`` where the request left one out."""

    access_programs: dict[str, str] | None = None  # as echoed
    image_compression: str | None = None  # as asked: auto, enabled or disabled
    compact_threshold: int | None = None
    compaction: bool = False  # context_management asks for compaction
    moderation_model: str | None = None
    moderation_multimodal: bool = False  # the moderation model judges every category
    moderation_input: str = "score"
    moderation_output: str = "score"
    prompt_cache_options: dict[str, Any] | None = None  # as echoed
    prewarm: bool = False

    @property
    def comparison_response_id(self) -> str | None:
        if self.prompt_cache_options is None:
            return None
        value = self.prompt_cache_options.get("comparison_response_id")
        return str(value) if value is not None else None


def _object(where: str, value: Any, keys: tuple[str, ...]) -> Mapping[str, Any]:
    check_value(where, param("object"), value)
    resp_errors.only_known(where, value, keys)
    given: Mapping[str, Any] = value
    return given


def _access_programs(value: Any) -> dict[str, str] | None:
    given = _object("access_programs", value, ("cyber",))
    cyber = given.get("cyber")
    if cyber is None:
        # An implicit Standard fallback is echoed as null, not as an explicit choice.
        return None
    check_value("access_programs.cyber", param("string", enum=CYBER_PROGRAMS), cyber)
    return {"cyber": cyber}


def _background_options(body: Mapping[str, Any]) -> None:
    given = _object(
        "background_options", body["background_options"], ("completion_window", "continuation_id")
    )
    window = given.get("completion_window")
    if given.get("continuation_id") is not None:
        check_value("background_options.continuation_id", param("string"), given["continuation_id"])
    if window is None:
        return
    where = "background_options.completion_window"
    check_value(where, param("string", enum=COMPLETION_WINDOWS), window)
    if window == "soonest":
        return
    # The reference: the 2h and 8h windows need background, Standard processing, no stream.
    if not body.get("background"):
        raise errors.invalid_value(
            where,
            f"Invalid value for '{where}': the '{window}' completion window requires "
            "'background' to be true.",
        )
    if (body.get("service_tier") or "auto") not in STANDARD_TIERS:
        raise errors.invalid_value(
            where,
            f"Invalid value for '{where}': the '{window}' completion window requires the "
            "default service tier.",
        )
    if body.get("stream"):
        raise errors.invalid_value(
            where,
            f"Invalid value for '{where}': the '{window}' completion window cannot be used "
            "with 'stream'.",
        )


def _context_management(value: Any) -> tuple[bool, int | None]:
    check_value("context_management", param("array", min_items=1), value)
    threshold: int | None = None
    for k, entry in enumerate(value):
        where = f"context_management[{k}]"
        given = _object(where, entry, ("type", "compact_threshold"))
        required(f"{where}.type", given.get("type"), param("string"))
        check_value(f"{where}.type", param("string", enum=CONTEXT_MANAGEMENT_TYPES), given["type"])
        if given.get("compact_threshold") is not None:
            limit = param("integer", minimum=MIN_COMPACT_THRESHOLD)
            check_value(f"{where}.compact_threshold", limit, given["compact_threshold"])
            threshold = int(given["compact_threshold"])
    return True, threshold


def _image(value: Any) -> str | None:
    given = _object("image", value, ("context_compression",))
    compression = given.get("context_compression")
    if compression is not None:
        check_value(
            "image.context_compression", param("string", enum=IMAGE_COMPRESSION), compression
        )
    return str(compression) if compression is not None else None


def _moderation(value: Any, catalogue: Catalogue) -> tuple[str, bool, str, str]:
    given = _object("moderation", value, ("model", "policy"))
    model = given.get("model")
    required("moderation.model", model, param("string"))
    moderator = catalogue.get(str(model))
    if MODERATION_ENDPOINT not in moderator.endpoints:
        raise errors.invalid_value(
            "moderation.model",
            f"Invalid value for 'moderation.model': '{model}' is not a moderation model.",
        )
    modes = {"input": "score", "output": "score"}
    policy = given.get("policy")
    if policy is not None:
        policy = _object("moderation.policy", policy, ("input", "output"))
        for side in modes:
            if policy.get(side) is None:
                continue
            where = f"moderation.policy.{side}"
            mode = _object(where, policy[side], ("mode",)).get("mode")
            required(f"{where}.mode", mode, param("string", enum=MODERATION_MODES))
            modes[side] = str(mode)
    multimodal = bool(moderator.feature("multimodal_moderation"))
    return moderator.responds_as, multimodal, modes["input"], modes["output"]


def _prompt_cache_options(value: Any) -> tuple[dict[str, Any], bool]:
    keys = ("comparison_response_id", "mode", "prewarm", "ttl")
    given = _object("prompt_cache_options", value, keys)
    for name, spec in (
        ("comparison_response_id", param("string")),
        ("mode", param("string", enum=CACHE_MODES)),
        ("prewarm", param("boolean")),
        ("ttl", param("string", enum=CACHE_TTLS)),
    ):
        if given.get(name) is not None:
            check_value(f"prompt_cache_options.{name}", spec, given[name])
    echoed: dict[str, Any] = {"mode": given.get("mode") or "implicit"}
    echoed["ttl"] = given.get("ttl") or "30m"
    if given.get("comparison_response_id") is not None:
        echoed["comparison_response_id"] = given["comparison_response_id"]
    return echoed, given.get("prewarm") is True


def parse(body: Mapping[str, Any], catalogue: Catalogue) -> ServingOptions:
    """The options of a create body whose top-level kinds ``request.SPEC`` has checked."""
    access = None
    if body.get("access_programs") is not None:
        access = _access_programs(body["access_programs"])
    if body.get("background_options") is not None:
        _background_options(body)
    compaction, threshold = False, None
    if body.get("context_management") is not None:
        compaction, threshold = _context_management(body["context_management"])
    image = _image(body["image"]) if body.get("image") is not None else None
    moderation: tuple[str | None, bool, str, str] = (None, False, "score", "score")
    if body.get("moderation") is not None:
        moderation = _moderation(body["moderation"], catalogue)
    cache, prewarm = None, False
    if body.get("prompt_cache_options") is not None:
        cache, prewarm = _prompt_cache_options(body["prompt_cache_options"])
    return ServingOptions(
        access_programs=access,
        image_compression=image,
        compact_threshold=threshold,
        compaction=compaction,
        moderation_model=moderation[0],
        moderation_multimodal=moderation[1],
        moderation_input=moderation[2],
        moderation_output=moderation[3],
        prompt_cache_options=cache,
        prewarm=prewarm,
    )

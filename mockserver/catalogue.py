"""The model catalogue (``fixtures/models.json``) and the checks every endpoint makes on a model.

Every model fact lives in ``models.json``; this module only reads it. A family (``gpt-4o``) lists
its dated snapshots (``gpt-4o-2024-08-06``); a snapshot resolves to its family's capabilities but
keeps its own id and ``created`` (and may carry its own ``context_window``, ``max_output_tokens``
or ``shutdown``). Fine-tuned ids (``ft:gpt-4o-mini-2024-07-18:org::abc``) resolve to their base
model and answer with their full id, but only those the state says exist (a fine-tuning job
that succeeded, its model not deleted): ``with_fine_tunes`` attaches that lookup.

Entry fields (family entries; snapshots inherit them):

- ``responds_as``: the name the API answers with in ``model`` when the family's alias is requested
  (``gpt-4o`` answers ``gpt-4o-2024-08-06``). Absent: the family's own id. Snapshots answer with
  their own id.
- ``dimensions``: the vector width of an embedding model; ``embedding_bias``: the weight of its
  shared direction, which sets how alike unrelated texts look (cosine about b^2 / (1 + b^2):
  ada-002 is known for a high baseline similarity, about 0.7, the v3 models for about 0.15).
- ``max_audio_seconds``: the longest audio a transcription model takes (longer uploads get
  its real 400); absent: no limit but the 25 MB of the upload.
- ``shutdown``: the announced shutdown date (``YYYY-MM-DD``) from the SDK's deprecation notes; a
  fact only, nothing enforces it.
- ``notes``: where a fact comes from, or what was inferred and from what.
- ``images``: an image model's parameters (see ``resources/images/facts.py``): ``kind``
  (``dall-e`` or ``gpt-image``), ``sizes``, ``default_size``, ``max_n``, ``qualities``,
  ``default_quality``, ``styles``, ``prompt_max``, ``custom_sizes`` (free ``WxH`` limits) and
  ``output_tokens`` (per quality, for a 1024x1024 picture).
- ``features``: booleans, listed only when true (absent means false), plus ``reasoning`` for
  reasoning families: ``{"efforts": [...], "default": ..., "sampling_with_effort_none": ...}``.
  ``efforts`` are the ``reasoning_effort`` values the model accepts (empty: the parameter is
  refused although the model reasons); ``default`` is the effort used when none is sent;
  ``sampling_with_effort_none`` says temperature, top_p and logprobs are accepted at effort
  ``none``.

- ``fine_tuning_methods``: with ``fine_tuning.jobs`` among the endpoints, the methods a job may
  use (``supervised``, ``dpo``, ``reinforcement``). A snapshot's own ``endpoints`` replace its
  family's (a dated snapshot that cannot be fine-tuned drops ``fine_tuning.jobs``).

``not_served`` lists ids the SDK names but the API does not serve; they answer 404
``model_not_found`` like any unknown id. ``endpoint_defaults`` names the model an endpoint uses
when a request names none (moderations).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .fixtures import load_json
from .http import errors

# The endpoint names used in models.json, and the path each one is served at.
ENDPOINT_PATHS = {
    "chat.completions": "v1/chat/completions",
    "completions": "v1/completions",
    "embeddings": "v1/embeddings",
    "moderations": "v1/moderations",
    "audio.transcriptions": "v1/audio/transcriptions",
    "audio.translations": "v1/audio/translations",
    "audio.speech": "v1/audio/speech",
    "images.generations": "v1/images/generations",
    "images.edits": "v1/images/edits",
    "images.variations": "v1/images/variations",
    "fine_tuning.jobs": "v1/fine_tuning/jobs",
    "assistants": "v1/assistants",
    "responses": "v1/responses",
    "batch": "v1/batches",
    "realtime": "v1/realtime",
}

# The reasoning_effort values the API knows, weakest first.
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
# The boolean features models.json may list (absent means false).
FEATURE_FLAGS = frozenset(
    {
        "vision",
        "tools",
        "structured_outputs",
        "json_object",
        "system_messages",
        "shortenable_dimensions",
        "echo_with_logprobs",
        "multimodal_moderation",
        "audio_output",
        "web_search",
        # Chat Completions refuses function tools unless reasoning_effort is "none"
        # ("Function tools with reasoning_effort are not supported for <model> in
        # /v1/chat/completions"); the Responses API takes them at any effort.
        "chat_tools_need_effort_none",
        # Speech: ``instructions`` are heard, and ``stream_format=sse`` gives events (the tts-1
        # models ignore both: "Does not work with tts-1 or tts-1-hd").
        "speech_instructions",
        "speech_events",
    }
)
ENCODINGS = frozenset({"cl100k_base", "o200k_base"})
FINE_TUNING_METHODS = ("supervised", "dpo", "reinforcement")
# Keys of a family entry and of a snapshot entry, with their types (required, then optional).
FAMILY_REQUIRED: Mapping[str, type] = {
    "id": str,
    "created": int,
    "owned_by": str,
    "context_window": int,
    "max_output_tokens": int,
    "encoding": str,
    "endpoints": list,
    "features": dict,
    "snapshots": list,
}
FAMILY_OPTIONAL: Mapping[str, type] = {
    "responds_as": str,
    "dimensions": int,
    "embedding_bias": float,
    "max_audio_seconds": int,
    "shutdown": str,
    "notes": str,
    "fine_tuning_methods": list,
    "images": dict,
}
SNAPSHOT_REQUIRED: Mapping[str, type] = {"id": str, "created": int}
SNAPSHOT_OPTIONAL: Mapping[str, type] = {
    "endpoints": list,
    "context_window": int,
    "max_output_tokens": int,
    "shutdown": str,
    "notes": str,
}


@dataclass(frozen=True)
class Model:
    id: str
    family: str
    created: int
    owned_by: str
    context_window: int
    max_output_tokens: int
    encoding: str
    endpoints: frozenset[str]
    features: Mapping[str, Any] = field(default_factory=dict)
    # The model name the API answers with; empty means the id itself.
    responds_as: str = ""
    dimensions: int | None = None
    embedding_bias: float = 0.0
    max_audio_seconds: int | None = None  # the longest upload a transcription model takes
    shutdown: str | None = None
    fine_tuning_methods: tuple[str, ...] = ()
    # An image model's facts (sizes, n, qualities, styles, prompt length, output tokens):
    # read by resources/images/facts.py.
    images: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.responds_as:
            object.__setattr__(self, "responds_as", self.id)

    def feature(self, name: str) -> Any:
        return self.features.get(name)

    @property
    def is_reasoning(self) -> bool:
        return bool(self.features.get("reasoning"))

    @property
    def _reasoning(self) -> Mapping[str, Any]:
        value = self.features.get("reasoning")
        return value if isinstance(value, Mapping) else {}

    @property
    def reasoning_efforts(self) -> tuple[str, ...]:
        """The reasoning_effort values the model accepts (empty when it takes none)."""
        return tuple(self._reasoning.get("efforts", ()))

    @property
    def default_reasoning_effort(self) -> str | None:
        default = self._reasoning.get("default")
        return str(default) if default is not None else None

    @property
    def sampling_with_effort_none(self) -> bool:
        """Whether temperature, top_p and logprobs are accepted when reasoning_effort is none."""
        return bool(self._reasoning.get("sampling_with_effort_none", False))

    def to_api(self) -> dict[str, Any]:
        return dict(id=self.id, object="model", created=self.created, owned_by=self.owned_by)


def _type_problems(
    where: str, entry: Mapping[str, Any], required: Mapping[str, type], optional: Mapping[str, type]
) -> list[str]:
    problems = [f"{where}: missing {key!r}" for key in required if key not in entry]
    for key, value in entry.items():
        wanted = required.get(key) or optional.get(key)
        if wanted is None:
            problems.append(f"{where}: unknown key {key!r}")
        elif not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            problems.append(f"{where}: {key!r} must be {wanted.__name__}, not {value!r}")
    return problems


def _reasoning_problems(where: str, reasoning: object) -> list[str]:
    if not isinstance(reasoning, Mapping):
        return [f"{where}: features.reasoning must be an object, not {reasoning!r}"]
    problems = []
    if set(reasoning) != {"efforts", "default", "sampling_with_effort_none"}:
        problems.append(f"{where}: features.reasoning has keys {sorted(reasoning)}")
    efforts = reasoning.get("efforts")
    if not isinstance(efforts, list) or any(e not in REASONING_EFFORTS for e in efforts):
        problems.append(f"{where}: unknown reasoning efforts {efforts!r}")
    elif efforts and reasoning.get("default") not in efforts:
        problems.append(f"{where}: default effort {reasoning.get('default')!r} not in {efforts}")
    if reasoning.get("default") not in REASONING_EFFORTS:
        problems.append(f"{where}: unknown default effort {reasoning.get('default')!r}")
    if not isinstance(reasoning.get("sampling_with_effort_none"), bool):
        problems.append(f"{where}: sampling_with_effort_none must be a boolean")
    return problems


def entry_problems(entry: Mapping[str, Any]) -> list[str]:
    """What is wrong with one family entry of models.json (empty when nothing)."""
    where = str(entry.get("id", "?"))
    problems = _type_problems(where, entry, FAMILY_REQUIRED, FAMILY_OPTIONAL)
    if problems:
        return problems
    if entry["encoding"] not in ENCODINGS:
        problems.append(f"{where}: unknown encoding {entry['encoding']!r}")
    unknown = [e for e in entry["endpoints"] if e not in ENDPOINT_PATHS]
    if unknown or not entry["endpoints"]:
        problems.append(f"{where}: endpoints {entry['endpoints']!r}")
    methods = entry.get("fine_tuning_methods", [])
    if any(m not in FINE_TUNING_METHODS for m in methods) or (
        bool(methods) != ("fine_tuning.jobs" in entry["endpoints"])
    ):
        problems.append(f"{where}: fine_tuning_methods {methods!r}")
    for name, value in entry["features"].items():
        if name == "reasoning":
            problems += _reasoning_problems(where, value)
        elif name not in FEATURE_FLAGS:
            problems.append(f"{where}: unknown feature {name!r}")
        elif value is not True:
            problems.append(f"{where}: feature {name!r} is listed only when true, not {value!r}")
    for snap in entry["snapshots"]:
        if not isinstance(snap, Mapping):
            problems.append(f"{where}: snapshot {snap!r} is not an object")
            continue
        snap_where = f"{where} > {snap.get('id', '?')}"
        problems += _type_problems(snap_where, snap, SNAPSHOT_REQUIRED, SNAPSHOT_OPTIONAL)
        if any(e not in ENDPOINT_PATHS for e in snap.get("endpoints", [])):
            problems.append(f"{snap_where}: endpoints {snap['endpoints']!r}")
    return problems


class Catalogue:
    def __init__(
        self,
        entries: Iterable[Mapping[str, Any]],
        not_served: Iterable[Mapping[str, Any]] = (),
        endpoint_defaults: Mapping[str, str] | None = None,
    ) -> None:
        self.endpoint_defaults = dict(endpoint_defaults or {})
        self._models: dict[str, Model] = {}
        for entry in entries:
            problems = entry_problems(entry)
            if problems:
                raise ValueError("models.json: " + "; ".join(problems))
            base: dict[str, Any] = dict(
                family=entry["id"],
                owned_by=entry["owned_by"],
                context_window=entry["context_window"],
                max_output_tokens=entry["max_output_tokens"],
                encoding=entry["encoding"],
                endpoints=frozenset(entry["endpoints"]),
                features=dict(entry["features"]),
                dimensions=entry.get("dimensions"),
                embedding_bias=entry.get("embedding_bias", 0.0),
                max_audio_seconds=entry.get("max_audio_seconds"),
                shutdown=entry.get("shutdown"),
                fine_tuning_methods=tuple(entry.get("fine_tuning_methods", ())),
                images=dict(entry.get("images", {})),
            )
            self._add(
                Model(
                    id=entry["id"],
                    created=entry["created"],
                    responds_as=entry.get("responds_as", entry["id"]),
                    **base,
                )
            )
            for snap in entry["snapshots"]:
                overrides = {
                    key: snap[key]
                    for key in ("context_window", "max_output_tokens", "shutdown")
                    if key in snap
                }
                if "endpoints" in snap:
                    overrides["endpoints"] = frozenset(snap["endpoints"])
                self._add(Model(id=snap["id"], created=snap["created"], **{**base, **overrides}))
        self.not_served: Mapping[str, str] = {
            item["id"]: str(item.get("notes", "")) for item in not_served
        }
        clash = set(self.not_served) & set(self._models)
        if clash:
            raise ValueError(f"models.json: served and not served: {sorted(clash)}")
        # Fine-tuned id -> its owner when that model exists (None: it does not).
        self._fine_tunes: Callable[[str], str | None] = lambda model_id: None

    def with_fine_tunes(self, owner_of: Callable[[str], str | None]) -> Catalogue:
        """This catalogue (sharing its models) whose fine-tuned ids are those ``owner_of``
        knows: it gives a fine-tuned model's owner, or None when there is no such model."""
        view = copy.copy(self)
        view._fine_tunes = owner_of
        return view

    def _add(self, model: Model) -> None:
        if model.id in self._models:
            raise ValueError(f"models.json: duplicate model id {model.id!r}")
        self._models[model.id] = model

    @classmethod
    def load(cls) -> Catalogue:
        data = load_json("models.json")
        return cls(data["models"], data.get("not_served", ()), data.get("endpoint_defaults"))

    def __iter__(self) -> Any:
        return iter(self._models.values())

    def __len__(self) -> int:
        return len(self._models)

    def find(self, model_id: str) -> Model | None:
        if model_id in self._models:
            return self._models[model_id]
        if model_id.startswith("ft:"):
            owner = self._fine_tunes(model_id)
            if owner is not None:
                return self.fine_tuned(model_id, owner)
        return None

    def fine_tuned(self, model_id: str, owner: str) -> Model | None:
        """The model ``ft:<base>:<org>:<suffix>:<id>`` would be: its base's capabilities under
        its own name (None when the base is unknown)."""
        base = model_id.split(":")[1] if model_id.count(":") >= 1 else ""
        found = self._models.get(base)
        if found is None:
            return None
        return replace(
            found,
            id=model_id,
            owned_by=owner,
            endpoints=found.endpoints - {"fine_tuning.jobs"},
            responds_as=model_id,
            fine_tuning_methods=(),
        )

    def get(self, model_id: str) -> Model:
        """The model, or the real API's 404 ``model_not_found``."""
        found = self.find(model_id)
        if found is None:
            raise errors.model_not_found(model_id)
        return found

    def for_endpoint(self, model_id: object, endpoint: str) -> Model:
        """The model named in a request to ``endpoint``, with the real API's errors."""
        if model_id is None:
            raise errors.missing_model()
        if not isinstance(model_id, str):
            raise errors.invalid_type("model", "a string", model_id)
        model = self.get(model_id)
        if endpoint not in model.endpoints:
            raise wrong_endpoint(model, endpoint)
        return model


def wrong_endpoint(model: Model, endpoint: str) -> errors.APIError:
    path = ENDPOINT_PATHS.get(endpoint, endpoint)
    if endpoint == "chat.completions" and "completions" in model.endpoints:
        message = (
            "This is not a chat model and thus not supported in the v1/chat/completions "
            "endpoint. Did you mean to use v1/completions?"
        )
    elif endpoint == "completions" and "chat.completions" in model.endpoints:
        message = (
            "This is a chat model and not supported in the v1/completions endpoint. "
            "Did you mean to use v1/chat/completions?"
        )
    else:
        message = f"This model is not supported in the {path} endpoint."
    return errors.APIError(404, message, param="model")

"""The model catalogue (``fixtures/models.json``) and the checks every endpoint makes on a model.

A family (``gpt-4o``) lists its dated snapshots (``gpt-4o-2024-08-06``); a snapshot resolves to
its family's capabilities but keeps its own id and ``created``. Fine-tuned ids
(``ft:gpt-4o-mini-2024-07-18:org::abc``) resolve to their base model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
    responds_as: str = ""  # the name answers carry for it (an alias: its pinned snapshot)
    dimensions: int | None = None  # embedding models: the vector width
    embedding_bias: float = 0.0  # embedding models: the weight of their shared direction

    def feature(self, name: str) -> Any:
        return self.features.get(name)

    @property
    def is_reasoning(self) -> bool:
        return bool(self.features.get("reasoning"))

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": self.owned_by,
        }


class Catalogue:
    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._models: dict[str, Model] = {}
        for entry in entries:
            base = dict(
                family=entry["id"],
                dimensions=entry.get("dimensions"),
                embedding_bias=entry.get("embedding_bias", 0.0),
                owned_by=entry["owned_by"],
                context_window=entry["context_window"],
                max_output_tokens=entry["max_output_tokens"],
                encoding=entry["encoding"],
                endpoints=frozenset(entry["endpoints"]),
                features=dict(entry.get("features", {})),
            )
            self._models[entry["id"]] = Model(
                id=entry["id"],
                created=entry["created"],
                responds_as=entry.get("responds_as", entry["id"]),
                **base,
            )
            for snap in entry.get("snapshots", []):
                self._models[snap["id"]] = Model(
                    id=snap["id"], created=snap["created"], responds_as=snap["id"], **base
                )

    @classmethod
    def load(cls) -> Catalogue:
        return cls(load_json("models.json")["models"])

    def __iter__(self) -> Any:
        return iter(self._models.values())

    def __len__(self) -> int:
        return len(self._models)

    def find(self, model_id: str) -> Model | None:
        if model_id in self._models:
            return self._models[model_id]
        if model_id.startswith("ft:"):
            base = model_id.split(":")[1] if model_id.count(":") >= 1 else ""
            found = self._models.get(base)
            if found is not None:
                return Model(
                    id=model_id,
                    family=found.family,
                    created=found.created,
                    owned_by="user",
                    context_window=found.context_window,
                    max_output_tokens=found.max_output_tokens,
                    encoding=found.encoding,
                    endpoints=found.endpoints - {"fine_tuning.jobs"},
                    features=found.features,
                    responds_as=model_id,
                    dimensions=found.dimensions,
                    embedding_bias=found.embedding_bias,
                )
        return None

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

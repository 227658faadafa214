"""``POST /v1/fine_tuning/jobs`` as a typed request, checked as the real API checks it: the
body's parameters, the model (a fine-tunable one of the catalogue), the method and its
hyperparameters, ``suffix``, ``seed``, ``metadata``, ``integrations``. The files are checked by
the handler (they need the Files backend)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...catalogue import Catalogue, Model
from ...http import errors
from ...http.metadata import check_metadata
from ...http.params import check, check_value, param
from . import errors as ft_errors

CREATE = {
    "model": param("string", required=True),
    "training_file": param("string", required=True),
    "validation_file": param("string"),
    "hyperparameters": param("object"),
    "method": param("object"),
    "suffix": param("string"),
    "seed": param("integer", minimum=0, maximum=2_147_483_647),
    "metadata": param("object"),
    "integrations": param("array", max_items=5),
}
MAX_SUFFIX = 64
# Each method's hyperparameters: name -> (JSON kind, minimum, maximum); "auto" is always allowed.
NUMBER_RANGE = (0.0, None)
HYPERPARAMETERS: dict[str, dict[str, tuple[str, float | None, float | None]]] = {
    "supervised": {
        "batch_size": ("integer", 1, 256),
        "learning_rate_multiplier": ("number", *NUMBER_RANGE),
        "n_epochs": ("integer", 1, 50),
    },
    "dpo": {
        "batch_size": ("integer", 1, 256),
        "learning_rate_multiplier": ("number", *NUMBER_RANGE),
        "n_epochs": ("integer", 1, 50),
        "beta": ("number", *NUMBER_RANGE),
    },
    "reinforcement": {
        "batch_size": ("integer", 1, 256),
        "learning_rate_multiplier": ("number", *NUMBER_RANGE),
        "n_epochs": ("integer", 1, 50),
        "compute_multiplier": ("number", *NUMBER_RANGE),
        "eval_interval": ("integer", 1, None),
        "eval_samples": ("integer", 1, None),
        "reasoning_effort": ("string", None, None),
    },
}
REASONING_EFFORTS = ("default", "low", "medium", "high")
PROMPT_COMPLETION_MODELS = frozenset({"davinci-002", "babbage-002"})


@dataclass(frozen=True)
class JobRequest:
    model: Model
    training_file: str
    validation_file: str | None
    method: str
    hyperparameters: dict[str, Any]  # as asked: a value or "auto" for each
    grader: dict[str, Any] | None
    suffix: str | None
    seed: int | None
    metadata: dict[str, str] | None
    integrations: list[dict[str, Any]]

    @property
    def base(self) -> str:
        """The snapshot the model comes from (itself, unless it is a fine-tuned model)."""
        return (
            self.model.id.split(":")[1]
            if self.model.id.startswith("ft:")
            else self.model.responds_as
        )

    @property
    def prompt_completion(self) -> bool:
        """Whether the files hold prompt/completion pairs (the legacy completion models)."""
        return self.model.family in PROMPT_COMPLETION_MODELS


def _hyperparameters(method: str, given: object, where: str) -> dict[str, Any]:
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise errors.invalid_type(where, "an object", given)
    spec = HYPERPARAMETERS[method]
    for name in given:
        if name not in spec:
            raise errors.unrecognized_argument(f"{where}.{name}")
    asked: dict[str, Any] = {}
    for name, (kind, low, high) in spec.items():
        unset = "default" if name == "reasoning_effort" else "auto"
        value = given.get(name, unset)
        if value is None:
            value = unset
        if name == "reasoning_effort":
            check_value(f"{where}.{name}", param("string", enum=REASONING_EFFORTS), value)
        elif value != "auto":
            if isinstance(value, str):
                raise errors.invalid_enum(f"{where}.{name}", value, ("auto",))
            check_value(f"{where}.{name}", param(kind, minimum=low, maximum=high), value)
            if low == 0.0 and value <= 0:
                raise errors.out_of_range(
                    f"{where}.{name}", value, bound=0, above=False, integer=False
                )
        asked[name] = value
    return asked


def _method(body: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    method = body.get("method")
    legacy = body.get("hyperparameters")
    if method is None:
        return "supervised", _hyperparameters("supervised", legacy, "hyperparameters"), None
    kind = method.get("type")
    if kind is None:
        raise errors.missing_parameter("method.type")
    check_value("method.type", param("string", enum=tuple(HYPERPARAMETERS)), kind)
    for name in method:
        if name not in ("type", "supervised", "dpo", "reinforcement"):
            raise errors.unrecognized_argument(f"method.{name}")
    config = method.get(kind)
    if config is None:  # false or [] are no object: refused below
        config = {}
    if not isinstance(config, dict):
        raise errors.invalid_type(f"method.{kind}", "an object", config)
    allowed = ("hyperparameters", "grader") if kind == "reinforcement" else ("hyperparameters",)
    for name in config:
        if name not in allowed:
            raise errors.unrecognized_argument(f"method.{kind}.{name}")
    given = config.get("hyperparameters", legacy if kind == "supervised" else None)
    asked = _hyperparameters(kind, given, f"method.{kind}.hyperparameters")
    grader = None
    if kind == "reinforcement":
        grader = config.get("grader")
        if grader is None:
            raise errors.missing_parameter("method.reinforcement.grader")
        if not isinstance(grader, dict) or not isinstance(grader.get("type"), str):
            raise errors.invalid_type("method.reinforcement.grader", "an object", grader)
    return kind, asked, grader


def _suffix(value: object) -> str | None:
    if value is None:
        return None
    assert isinstance(value, str)
    if not value:
        raise errors.invalid_value(
            "suffix",
            "Invalid 'suffix': string too short. Expected a string with minimum length 1, "
            "but got an empty string instead.",
            code="string_below_min_length",
        )
    if len(value) > MAX_SUFFIX:
        raise errors.invalid_value(
            "suffix",
            f"Invalid 'suffix': string too long. Expected a string with maximum length "
            f"{MAX_SUFFIX}, but got a string with length {len(value)} instead.",
            code="string_above_max_length",
        )
    return value


def _integrations(value: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for i, item in enumerate(value if isinstance(value, list) else []):
        where = f"integrations[{i}]"
        if not isinstance(item, dict):
            raise errors.invalid_type(where, "an object", item)
        check_value(f"{where}.type", param("string", enum=("wandb",)), item.get("type"))
        wandb = item.get("wandb")
        if wandb is None:
            raise errors.missing_parameter(f"{where}.wandb")
        if not isinstance(wandb, dict):
            raise errors.invalid_type(f"{where}.wandb", "an object", wandb)
        if wandb.get("project") is None:
            raise errors.missing_parameter(f"{where}.wandb.project")
        kept: dict[str, Any] = {"project": None, "entity": None, "name": None, "tags": None}
        for key, value_ in wandb.items():
            if key not in kept:
                raise errors.unrecognized_argument(f"{where}.wandb.{key}")
            kind = "array" if key == "tags" else "string"
            if value_ is not None:
                check_value(f"{where}.wandb.{key}", param(kind), value_)
            kept[key] = value_
        found.append({"type": "wandb", "wandb": kept})
    return found


def _tunable(catalogue: Catalogue, model_id: str) -> Model:
    """The model to train: a fine-tunable one of the catalogue, or a fine-tuned model that
    exists, trained further (as the real API allows) with its base's methods; it keeps its own
    name as the job's ``model``."""
    model = catalogue.find(model_id)
    base = model
    if model is not None and model_id.startswith("ft:"):
        base = catalogue.find(model_id.split(":")[1])
    if model is None or base is None or "fine_tuning.jobs" not in base.endpoints:
        raise ft_errors.model_not_available(model_id)
    return replace(model, fine_tuning_methods=base.fine_tuning_methods, family=base.family)


def check_body(body: dict[str, Any]) -> None:
    """The parameters' names, presence and types: checked first (then the files exist, then
    the model may be fine-tuned, as the real API answers a bad file before a bad model)."""
    check(body, CREATE)


def parse(body: dict[str, Any], catalogue: Catalogue) -> JobRequest:
    check_body(body)
    model = _tunable(catalogue, body["model"])
    method, asked, grader = _method(body)
    if method not in model.fine_tuning_methods:
        raise ft_errors.method_not_available(method, model.responds_as)
    metadata = body.get("metadata")
    return JobRequest(
        model=model,
        training_file=body["training_file"],
        validation_file=body.get("validation_file"),
        method=method,
        hyperparameters=asked,
        grader=grader,
        suffix=_suffix(body.get("suffix")),
        seed=body.get("seed"),
        metadata=None if metadata is None else check_metadata(metadata),
        integrations=_integrations(body.get("integrations")),
    )

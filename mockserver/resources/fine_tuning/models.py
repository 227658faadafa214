"""The models fine-tuning jobs make, as ``/v1/models`` and the catalogue see them: a model
exists once its job has succeeded and until it is deleted. Asked with the time, the lifecycle
mode and the seed, since a job's status is computed, never stored."""

from __future__ import annotations

from typing import Any

from . import training
from .backend import FineTuning


def live_model(
    tuning: FineTuning, model_id: str, now: float, mode: str, seed: int
) -> dict[str, Any] | None:
    """The ``model`` object of a fine-tuned model whose job succeeded (None: no such model)."""
    found = tuning.model(model_id)
    job = None if found is None else tuning.get(found.job_id)
    if found is None or job is None:
        return None
    where = training.standing(job, now, mode, seed)
    if not where.succeeded:
        return None
    return {
        "id": found.id,
        "object": "model",
        "created": where.finished_at,
        "owned_by": found.owned_by,
    }


def live_models(tuning: FineTuning, now: float, mode: str, seed: int) -> list[dict[str, Any]]:
    made = (live_model(tuning, f.id, now, mode, seed) for f in tuning.models())
    return [m for m in made if m is not None]

"""Where a fine-tuning job stands, and what it shows: a pure function of the stored job, the
time, the lifecycle mode and the seed (``state/lifecycle.py``).

A job moves validating_files -> queued -> running -> succeeded (one step per retrieve by
default); a training file with too few examples fails at validation. Pausing stops its clock
(and its polls) until it is resumed; cancelling freezes it as ``cancelled``. While it runs,
training steps complete in proportion to the time spent running; each step has a seeded loss
(falling as training goes on) and an event; the end of each of the last three epochs leaves a
checkpoint, the last of which is the fine-tuned model itself.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...ids import keyed
from ...randomness import derive
from ...state.lifecycle import Lifecycle
from .backend import StoredJob

TRAINING = Lifecycle(
    ("validating_files", "queued", "running", "succeeded"), ((5, 30), (10, 60), (120, 900))
)
FAILING = Lifecycle(("validating_files", "failed"), ((5, 30),))
RUNNING = TRAINING.statuses.index("running")
# The real API refuses a training file with fewer examples (the job fails at validation).
MIN_EXAMPLES = 10
# "auto" epochs: 3, raised for small files and lowered for large ones, to train on between
# MIN_TARGET and MAX_TARGET examples in all (OpenAI's fine-tuning guide describes this rule).
DEFAULT_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MAX_AUTO_EPOCHS = 25
CHECKPOINT_EPOCHS = 3


def resolve(method: str, asked: dict[str, Any], examples: int) -> dict[str, Any]:
    """What each "auto" hyperparameter comes to for a file of ``examples`` examples."""
    n = max(1, examples)
    epochs = DEFAULT_EPOCHS
    if n * epochs < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_AUTO_EPOCHS, math.ceil(MIN_TARGET_EXAMPLES / n))
    elif n * epochs > MAX_TARGET_EXAMPLES:
        epochs = max(1, MAX_TARGET_EXAMPLES // n)
    batch = max(1, min(256, math.ceil(n * 0.002)))
    auto: dict[str, Any] = {
        "n_epochs": epochs,
        "batch_size": batch,
        "learning_rate_multiplier": 2.0 if batch == 1 else 1.0,
        "beta": 0.1,
        "compute_multiplier": 1.0,
        "eval_interval": 1,
        "eval_samples": 1,
        "reasoning_effort": "medium",
    }
    return {
        name: (auto[name] if value in ("auto", "default") and name in auto else value)
        for name, value in asked.items()
    }


def total_steps(job: StoredJob) -> int:
    per_epoch = math.ceil(max(1, job.examples) / int(job.resolved["batch_size"]))
    return per_epoch * int(job.resolved["n_epochs"])


@dataclass(frozen=True)
class Standing:
    status: str
    entered: tuple[int, ...]  # when each status reached so far began
    steps: int  # training steps done
    finished_at: int | None
    estimated_finish: int | None

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def validated(self) -> bool:
        return self.status != "validating_files" and len(self.entered) > 1


def standing(job: StoredJob, now: float, mode: str, seed: int) -> Standing:
    lifecycle = FAILING if job.failure is not None else TRAINING
    stopped = job.cancelled_at if job.cancelled_at is not None else job.paused_since
    clock = (now if stopped is None else stopped) - job.paused_seconds
    progress = lifecycle.progress(
        mode, created=job.created_at, now=clock, polls=job.polls, seed=seed, key=job.id
    )
    entered = progress.entered
    steps, estimated = 0, None
    if lifecycle is TRAINING and progress.index >= RUNNING:
        total = total_steps(job)
        if progress.finished:
            steps = total
        else:
            took = lifecycle.durations(seed, job.id)[RUNNING]
            started = entered[RUNNING]
            steps = min(total - 1, int(total * max(0.0, clock - started) / took))
            estimated = started + took + job.paused_seconds
    status = progress.status
    finished_at = entered[-1] if progress.finished else None
    if job.cancelled_at is not None and not progress.finished:
        status, finished_at = "cancelled", job.cancelled_at
    elif job.paused_since is not None and not progress.finished:
        status = "paused"
    return Standing(status, entered, steps, finished_at, estimated)


# --- metrics ---------------------------------------------------------------------------------


def step_metrics(job: StoredJob, step: int, seed: int) -> dict[str, float]:
    """One training step's metrics: a loss falling from about 2.5 towards 0.3, seeded noise."""
    total = total_steps(job)
    rng = derive(seed, "fine-tuning-loss", job.id, step)
    start = 2.0 + derive(seed, "fine-tuning-start", job.id).random()
    loss = 0.3 + (start - 0.3) * math.exp(-3.0 * step / total) + rng.uniform(-0.05, 0.05)
    metrics = {
        "step": float(step),
        "train_loss": round(loss, 5),
        "train_mean_token_accuracy": round(min(0.99, max(0.0, 1.0 - loss / 3.0)), 5),
    }
    if job.validation_file is not None:
        valid = loss + 0.1 + rng.uniform(-0.05, 0.05)
        metrics["valid_loss"] = round(valid, 5)
        metrics["valid_mean_token_accuracy"] = round(min(0.99, max(0.0, 1.0 - valid / 3.0)), 5)
    return metrics


def checkpoint_steps(job: StoredJob) -> list[int]:
    """The steps that end each of the last three epochs."""
    epochs = int(job.resolved["n_epochs"])
    per_epoch = total_steps(job) // epochs
    return [e * per_epoch for e in range(max(1, epochs - CHECKPOINT_EPOCHS + 1), epochs + 1)]


def checkpoint_name(job: StoredJob, step: int) -> str:
    last = step == total_steps(job)
    return job.fine_tuned_model if last else f"{job.fine_tuned_model}:ckpt-step-{step}"


def checkpoints(job: StoredJob, where: Standing, seed: int) -> list[dict[str, Any]]:
    """The job's checkpoints so far, oldest first."""
    made = []
    times = _step_times(job, where)
    for step in checkpoint_steps(job):
        if step > where.steps or (step == total_steps(job) and not where.succeeded):
            continue
        metrics = step_metrics(job, step, seed)
        if job.validation_file is not None:
            metrics["full_valid_loss"] = metrics["valid_loss"]
            metrics["full_valid_mean_token_accuracy"] = metrics["valid_mean_token_accuracy"]
        made.append(
            {
                "id": keyed(seed, "ftckpt_", job.id, step),
                "object": "fine_tuning.job.checkpoint",
                "created_at": times(step),
                "fine_tuned_model_checkpoint": checkpoint_name(job, step),
                "fine_tuning_job_id": job.id,
                "metrics": metrics,
                "step_number": step,
            }
        )
    return made


def _step_times(job: StoredJob, where: Standing) -> Callable[[int], int]:
    """When step n was done: spread over the time the job has run."""
    if len(where.entered) <= RUNNING:
        return lambda step: job.created_at
    start = where.entered[RUNNING]
    end = where.entered[-1] if len(where.entered) > RUNNING + 1 else where.estimated_finish
    total = total_steps(job)
    span = max(0, (end or start) - start)
    return lambda step: start + span * step // total


def results_file(job: StoredJob, seed: int) -> bytes:
    """The results file of a job that succeeded: its step metrics as CSV, base64-encoded as
    the real API serves it (columns as the fine-tuning guide lists them)."""
    rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
    for step in range(1, total_steps(job) + 1):
        m = step_metrics(job, step, seed)
        valid = f"{m['valid_loss']},{m['valid_mean_token_accuracy']}" if "valid_loss" in m else ","
        rows.append(f"{step},{m['train_loss']},{m['train_mean_token_accuracy']},{valid}")
    return base64.b64encode(("\n".join(rows) + "\n").encode())


# --- events ----------------------------------------------------------------------------------


def events(job: StoredJob, where: Standing, seed: int) -> list[dict[str, Any]]:
    """The job's events so far, oldest first (the API lists them newest first)."""
    made: list[tuple[int, str, str, dict[str, Any] | None, str]] = []

    def add(when: int, message: str, *, level: str = "info", data: Any = None) -> None:
        made.append((when, level, message, data, "metrics" if data else "message"))

    created, entered = job.created_at, where.entered
    add(created, f"Created fine-tuning job: {job.id}")
    files = f"Validating training file: {job.training_file}"
    if job.validation_file is not None:
        files += f" and validation file: {job.validation_file}"
    add(created, files)
    if job.failure is not None and where.status == "failed":
        add(entered[-1], str(job.failure["message"]), level="error")
    if len(entered) > 1 and job.failure is None:
        add(entered[1], "Files validated, moving job to queued state")
    if len(entered) > RUNNING:
        add(entered[RUNNING], "Fine-tuning job started")
        total = total_steps(job)
        times = _step_times(job, where)
        marks = set(checkpoint_steps(job))
        for step in range(1, where.steps + 1):
            metrics = step_metrics(job, step, seed)
            message = f"Step {step}/{total}: training loss={metrics['train_loss']:.2f}"
            if "valid_loss" in metrics:
                message += f", validation loss={metrics['valid_loss']:.2f}"
            # The event's data counts steps in integers (the checkpoint metrics, in floats).
            rest = {k: v for k, v in metrics.items() if k != "step"}
            data = {"step": step, **rest, "total_steps": total}
            add(times(step), message, data=data)
            if step in marks and step < total:
                add(times(step), f"Checkpoint created at step {step}")
    for paused, resumed in job.pauses:
        add(paused, "Fine-tuning job paused")
        if resumed:
            add(resumed, "Fine-tuning job resumed")
    if where.succeeded:
        done = entered[-1]
        add(done, f"New fine-tuned model created: {job.fine_tuned_model}")
        add(done, "Evaluating model against our usage policies")
        add(done, "Usage policy evaluations completed, model is now enabled for sampling")
        add(done, "The job has successfully completed")
    if where.status == "cancelled" and job.cancelled_at is not None:
        add(job.cancelled_at, "Fine-tuning job cancelled")
    made.sort(key=lambda event: event[0])  # stable: same-time events keep their order
    return [
        {
            # Keyed by what the event says, so it keeps its id as more events arrive.
            "id": keyed(seed, "ftevent-", job.id, when, message),
            "object": "fine_tuning.job.event",
            "created_at": when,
            "level": level,
            "message": message,
            "data": data,
            "type": kind,
        }
        for when, level, message, data, kind in made
    ]


# --- the job -----------------------------------------------------------------------------------


def _method(job: StoredJob, hyperparameters: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = {"hyperparameters": hyperparameters}
    if job.method == "reinforcement":
        config["grader"] = job.grader
    return {"type": job.method, job.method: config}


def job_object(job: StoredJob, where: Standing) -> dict[str, Any]:
    """The ``fine_tuning.job`` object. Hyperparameters read "auto" until the files are
    validated, then what "auto" came to."""
    chosen = job.resolved if where.validated else job.asked
    return {
        "object": "fine_tuning.job",
        "id": job.id,
        "model": job.model,
        "created_at": job.created_at,
        "finished_at": where.finished_at,
        "fine_tuned_model": job.fine_tuned_model if where.succeeded else None,
        "organization_id": job.organization,
        "result_files": [job.result_file] if where.succeeded and job.result_file else [],
        "status": where.status,
        "validation_file": job.validation_file,
        "training_file": job.training_file,
        "hyperparameters": {
            name: chosen[name] for name in ("batch_size", "learning_rate_multiplier", "n_epochs")
        },
        "trained_tokens": job.tokens * int(job.resolved["n_epochs"]) if where.succeeded else None,
        "error": job.failure if where.status == "failed" else None,
        "seed": job.seed,
        "estimated_finish": where.estimated_finish,
        "integrations": job.integrations,
        "metadata": job.metadata,
        "method": _method(job, chosen),
    }

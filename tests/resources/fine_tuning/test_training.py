"""Where a job stands and what it shows, as pure functions: the "auto" rule, steps,
checkpoints, and the clock stopped by a pause."""

from __future__ import annotations

from dataclasses import replace

from mockserver.resources.fine_tuning import training
from mockserver.resources.fine_tuning.backend import StoredJob

AUTO = {"batch_size": "auto", "learning_rate_multiplier": "auto", "n_epochs": "auto"}


def job(examples: int = 10, **asked: object) -> StoredJob:
    wanted = {**AUTO, **asked}
    return StoredJob(
        id="ftjob-test", created_at=1000, model="gpt-4o-mini-2024-07-18", training_file="file-t",
        validation_file=None, method="supervised", asked=wanted,
        resolved=training.resolve("supervised", wanted, examples), grader=None, suffix=None,
        seed=1, metadata=None, integrations=[], organization="org-x", examples=examples,
        tokens=100, fine_tuned_model="ft:gpt-4o-mini-2024-07-18:x::abcdefgh",
    )  # fmt: skip


def test_auto_resolution() -> None:
    assert training.resolve("supervised", AUTO, 10) == {
        "batch_size": 1, "learning_rate_multiplier": 2.0, "n_epochs": 10
    }  # fmt: skip
    assert training.resolve("supervised", AUTO, 40)["n_epochs"] == 3
    assert training.resolve("supervised", AUTO, 20_000)["n_epochs"] == 1
    assert training.resolve("supervised", AUTO, 5_000)["batch_size"] == 10
    assert training.resolve("supervised", {**AUTO, "n_epochs": 4}, 10)["n_epochs"] == 4


def test_steps_and_checkpoints() -> None:
    tuned = job(examples=25, batch_size=5, n_epochs=4)
    assert training.total_steps(tuned) == 20
    assert training.checkpoint_steps(tuned) == [10, 15, 20]
    assert training.checkpoint_name(tuned, 20) == tuned.fine_tuned_model
    assert training.checkpoint_name(tuned, 10).endswith(":ckpt-step-10")
    assert training.checkpoint_steps(job(n_epochs=1)) == [10]


def test_one_status_per_poll_then_done() -> None:
    statuses = [
        training.standing(replace(job(), polls=n), 1000, "poll", 0).status for n in range(5)
    ]
    assert statuses == ["validating_files", "queued", "running", "succeeded", "succeeded"]
    done = training.standing(replace(job(), polls=3), 1000, "poll", 0)
    assert done.steps == 100 and done.finished_at == 1000


def test_realtime_steps_follow_the_clock_and_a_pause_stops_it() -> None:
    tuned = job()
    later = [training.standing(tuned, 1000 + t, "realtime", 0) for t in (0, 60, 300, 2000)]
    assert later[0].status == "validating_files"
    assert later[-1].status == "succeeded"
    statuses = {
        t: training.standing(tuned, 1000 + t, "realtime", 0).status for t in range(0, 2000, 5)
    }
    running = min(t for t, status in statuses.items() if status == "running")
    paused = replace(tuned, paused_since=1000 + running, pauses=[[1000 + running, 0]])
    assert training.standing(paused, 10**6, "realtime", 0).status == "paused"
    resumed = replace(tuned, paused_seconds=10**6, pauses=[[1000 + running, 10**6]])
    assert training.standing(resumed, 10**6 + running + 1000, "realtime", 0).status == "running"


def test_losses_fall_and_are_seeded() -> None:
    tuned = job()
    first, last = (training.step_metrics(tuned, s, 0)["train_loss"] for s in (1, 100))
    assert first > 1.5 > 0.6 > last
    assert training.step_metrics(tuned, 5, 0) == training.step_metrics(tuned, 5, 0)
    assert training.step_metrics(tuned, 5, 0) != training.step_metrics(tuned, 5, 1)

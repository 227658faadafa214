"""A status is a pure function of (created, now, seed, inputs): poll steps once per retrieve,
instant ends at once, realtime follows the clock."""

from __future__ import annotations

from mockserver.state.lifecycle import Lifecycle

JOB = Lifecycle(
    ("validating", "in_progress", "finalizing", "completed"), ((5, 10), (30, 60), (5, 10))
)
CREATED = 1_700_000_000


def at(mode: str, now: float, polls: int = 0, key: str = "batch_1") -> str:
    return JOB.progress(mode, created=CREATED, now=now, polls=polls, seed=0, key=key).status


def test_poll_steps_once_per_retrieve_and_stops_at_the_end() -> None:
    assert [at("poll", CREATED, polls) for polls in range(5)] == [
        "validating", "in_progress", "finalizing", "completed", "completed",
    ]  # fmt: skip


def test_instant_and_realtime() -> None:
    assert at("instant", CREATED) == "completed"
    durations = JOB.durations(0, "batch_1")
    assert all(lo <= d <= hi for d, (lo, hi) in zip(durations, JOB.seconds, strict=True))
    assert at("realtime", CREATED + durations[0] - 1) == "validating"
    assert at("realtime", CREATED + durations[0]) == "in_progress"
    assert at("realtime", CREATED + sum(durations)) == "completed"
    # Moving the clock moves a polled job too.
    assert at("poll", CREATED + sum(durations), polls=0) == "completed"


def test_pure_and_seeded() -> None:
    assert JOB.durations(0, "batch_1") == JOB.durations(0, "batch_1")
    keys = {JOB.durations(0, f"batch_{i}") for i in range(20)}
    assert len(keys) > 1  # each object draws its own
    progress = JOB.progress("poll", created=CREATED, now=CREATED + 2, polls=3, seed=0, key="b")
    assert progress.finished and progress.entered == (
        CREATED,
        CREATED + 2,
        CREATED + 2,
        CREATED + 2,
    )

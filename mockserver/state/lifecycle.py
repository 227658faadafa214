"""Lifecycles: how a long-running object (a batch, a fine-tuning job) moves through its statuses.

A status is a pure function of (created, now, seed, the object's inputs): nothing runs in the
background, and the object stores only what it was made with and how often it was retrieved.
Three modes (``--lifecycle``):

- ``poll`` (the default): one step per retrieve, so a polling loop ends after a few calls, the
  same few every run; moving the mock's clock (``/__mock__/clock``) past a step's duration
  takes that step too.
- ``instant``: the final status at once.
- ``realtime``: each step takes a seeded duration of real (or mock-clock) seconds.

Batches and fine-tuning describe their statuses with a ``Lifecycle`` and ask it where an object
stands: ``lifecycle.progress(mode, created=..., now=..., polls=..., seed=..., key=obj_id)``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from ..randomness import derive


class Mode(StrEnum):
    INSTANT = "instant"
    POLL = "poll"
    REALTIME = "realtime"


MODES = tuple(mode.value for mode in Mode)
DEFAULT_MODE = Mode.POLL.value


@dataclass(frozen=True)
class Progress:
    """Where an object stands: the index and name of its status, and when it entered each
    status reached so far (``entered[0]`` is ``created``)."""

    index: int
    status: str
    entered: tuple[int, ...]
    finished: bool


@dataclass(frozen=True)
class Lifecycle:
    """Statuses in order (the last is final) and, per step between two of them, the range of
    seconds it takes in real time."""

    statuses: tuple[str, ...]
    seconds: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        if len(self.seconds) != len(self.statuses) - 1:
            raise ValueError("a lifecycle needs one duration range per step")

    def durations(self, seed: int, key: str) -> tuple[int, ...]:
        """Each step's length in whole seconds, drawn from the seed and the object's key."""
        return tuple(
            max(1, round(derive(seed, "lifecycle", key, step).uniform(low, high)))
            for step, (low, high) in enumerate(self.seconds)
        )

    def progress(
        self, mode: str, *, created: int, now: float, polls: int, seed: int, key: str
    ) -> Progress:
        durations = self.durations(seed, key)
        starts = tuple(created + s for s in itertools.accumulate(durations))
        last = len(self.statuses) - 1
        by_time = sum(1 for start in starts if now >= start)
        if mode == Mode.INSTANT.value:
            index = last
        elif mode == Mode.REALTIME.value:
            index = by_time
        else:
            index = min(last, max(polls, by_time))
        # A status entered by polling was entered no later than now, and no earlier than the
        # one before it.
        entered = [created]
        for step in range(index):
            entered.append(max(entered[-1], min(starts[step], int(now))))
        return Progress(index, self.statuses[index], tuple(entered), index == last)

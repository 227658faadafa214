"""The mock's clock: the settings' clock plus an offset that ``/__mock__/clock`` moves, kept in
the state store so that every worker sharing a ``--state-dir`` agrees on the time."""

from __future__ import annotations

import asyncio

from ..clock import Clock, SystemClock
from .store import StateStore


class MockClock:
    def __init__(self, base: Clock, store: StateStore) -> None:
        self.base = base
        self.store = store

    def now(self) -> float:
        return self.base.now() + self.store.clock_offset()

    def offset(self) -> float:
        return self.store.clock_offset()

    def advance(self, seconds: float) -> None:
        self.store.set_clock_offset(self.store.clock_offset() + seconds)

    def set(self, when: float) -> None:
        """Move to the Unix time ``when`` (the offset becomes what it takes)."""
        self.store.set_clock_offset(when - self.base.now())

    def restore(self) -> None:
        self.store.set_clock_offset(0.0)

    async def pause(self, seconds: float) -> None:
        """Latency on the mock's time: real seconds when the mock follows the system clock; on
        a frozen or injected clock (tests, ``--time``) the clock moves on by ``seconds`` at
        once, so a slow stream shows its latency without a test waiting for it."""
        if isinstance(self.base, SystemClock):
            await asyncio.sleep(seconds)
        else:
            self.advance(seconds)
            await asyncio.sleep(0)

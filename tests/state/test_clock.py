"""The mock's clock: ``pause`` (a slow fault's latency) moves an injected clock on at once and
waits for real only on the system's clock."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mockserver.clock import FixedClock, SystemClock
from mockserver.state.clock import MockClock
from mockserver.state.store import MemoryStore


def _waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    real_sleep = asyncio.sleep

    async def recording(seconds: float, *args: Any) -> None:
        waited.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", recording)
    return waited


def test_a_pause_on_an_injected_clock_moves_it_without_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waited = _waits(monkeypatch)
    clock = MockClock(FixedClock(1000), MemoryStore())
    asyncio.run(clock.pause(2.5))
    assert clock.now() == 1002.5
    assert waited == [0]  # only a yield to the event loop


def test_a_pause_on_the_system_clock_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    waited = _waits(monkeypatch)
    clock = MockClock(SystemClock(), MemoryStore())
    asyncio.run(clock.pause(2.5))
    assert waited == [2.5]
    assert clock.offset() == 0

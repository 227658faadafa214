"""Everything the running mock holds: settings, catalogue, seeded ids, clock, stores, journal,
fault plans. One object per app; ``reset()`` empties what requests have built up."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from .catalogue import Catalogue
from .faults import FaultPlans
from .ids import IdGenerator
from .journal import Journal
from .replays import Replays
from .rules import Rules
from .settings import Settings
from .stores import Memo, Store


class MockState:
    def __init__(self, settings: Settings, catalogue: Catalogue | None = None) -> None:
        self.settings = settings
        self.catalogue = catalogue or Catalogue.load()
        self.clock = settings.clock
        self.ids = IdGenerator(settings.seed)
        self.journal = Journal(settings.journal_size)
        self.faults = FaultPlans()
        self.rules = Rules(settings.rules)
        self.replays = Replays()
        self._stores: dict[str, Store[Any]] = {}
        self._memos: dict[str, Memo[Any, Any]] = {}

    @property
    def seed(self) -> int:
        return self.settings.seed

    def now(self) -> int:
        """The current Unix time in whole seconds (the API's ``created``)."""
        return int(self.clock.now())

    def store(self, name: str) -> Store[Any]:
        """The store called ``name``, made on first use, so a resource owns its own store."""
        if name not in self._stores:
            self._stores[name] = Store(name)
        return self._stores[name]

    def memo(self, name: str, size: int = 256) -> Memo[Any, Any]:
        """The memo called ``name``, for results that are pure functions of their key."""
        if name not in self._memos:
            self._memos[name] = Memo(size)
        return self._memos[name]

    def reset(self) -> None:
        for store in self._stores.values():
            store.reset()
        for memo in self._memos.values():
            memo.reset()
        self.ids.reset()
        self.journal.reset()
        self.faults.reset()
        self.rules.reset()
        self.replays.reset()


def mock_state(request: Request) -> MockState:
    state: MockState = request.app.state.mock
    return state

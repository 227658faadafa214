"""Everything the running mock holds: settings, catalogue, clock, and the state requests build
up (seeded ids, journal, fault plans, rules, one typed backend per stateful resource).

``reset()`` builds that state anew rather than emptying each part, so a new backend cannot be
forgotten: it is a field of ``Backends`` and is made fresh with the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from ..catalogue import Catalogue
from ..ids import IdGenerator
from ..resources.chat.backend import StoredCompletions
from ..settings import Settings
from .faults import FaultPlans
from .journal import Journal
from .rules import Rules


@dataclass
class Backends:
    """One backend per stateful resource; each field's default is a fresh, empty backend."""

    chat_completions: StoredCompletions = field(default_factory=StoredCompletions)


class MockState:
    def __init__(self, settings: Settings, catalogue: Catalogue | None = None) -> None:
        self.settings = settings
        self.catalogue = catalogue or Catalogue.load()
        self.clock = settings.clock
        self._build()

    def _build(self) -> None:
        self.ids = IdGenerator(self.settings.seed)
        self.journal = Journal(self.settings.journal_size)
        self.faults = FaultPlans()
        # Rules from the config file come back with the rest; rules added at run time do not.
        self.rules = Rules(self.settings.rules)
        self.backends = Backends()
        # The accepted keys (none: any non-empty key); ``/__mock__/keys`` changes them.
        self.api_keys: tuple[str, ...] = self.settings.api_keys

    @property
    def seed(self) -> int:
        return self.settings.seed

    def now(self) -> int:
        """The current Unix time in whole seconds (the API's ``created``)."""
        return int(self.clock.now())

    def reset(self) -> None:
        self._build()


def mock_state(request: Request) -> MockState:
    state: MockState = request.app.state.mock
    return state

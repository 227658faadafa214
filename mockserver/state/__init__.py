"""Everything the running mock holds: settings, catalogue, clock, and the state requests build
up (seeded ids, journal, fault plans, rules, one typed backend per stateful resource).

The backends keep their objects in one ``StateStore`` (state/store.py): in memory by default,
in SQLite under ``--state-dir`` (state/sqlite.py), where they outlive the process and are shared
by every worker. ``reset()`` builds the per-process state anew rather than emptying each part,
so a new backend cannot be forgotten: it is a field of ``Backends`` and is made fresh with the
rest, over a store that the reset has emptied."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request

from ..catalogue import Catalogue
from ..ids import IdGenerator
from ..resources.assistants.backend import Assistants
from ..resources.batches.backend import Batches
from ..resources.chat.backend import StoredCompletions
from ..resources.containers.backend import Containers
from ..resources.conversations.backend import Conversations
from ..resources.files.backend import Files
from ..resources.fine_tuning.backend import FineTuning
from ..resources.fine_tuning.models import live_model
from ..resources.images.backend import Pictures
from ..resources.realtime.backend import ClientSecrets
from ..resources.responses.backend import StoredResponses
from ..resources.threads.backend import Threads
from ..resources.uploads.backend import Uploads
from ..resources.vector_stores.backend import VectorStores
from ..settings import Settings
from .clock import MockClock
from .faults import FaultPlans
from .journal import Journal
from .rules import Rules
from .store import MemoryStore, StateStore


@dataclass
class Backends:
    """One backend per stateful resource, each over the one store."""

    chat_completions: StoredCompletions
    files: Files
    uploads: Uploads
    vector_stores: VectorStores
    batches: Batches
    assistants: Assistants
    threads: Threads
    responses: StoredResponses
    conversations: Conversations
    fine_tuning: FineTuning
    images: Pictures
    containers: Containers
    realtime_client_secrets: ClientSecrets

    @classmethod
    def build(cls, store: StateStore) -> Backends:
        files = Files(store)
        return cls(
            chat_completions=StoredCompletions(store),
            files=files,
            uploads=Uploads(store, files),
            vector_stores=VectorStores(store),
            batches=Batches(store, files),
            assistants=Assistants(store),
            threads=Threads(store),
            responses=StoredResponses(store),
            conversations=Conversations(store),
            fine_tuning=FineTuning(store),
            images=Pictures(store),
            containers=Containers(store),
            realtime_client_secrets=ClientSecrets(store),
        )


def open_store(settings: Settings) -> StateStore:
    if settings.state_dir is None:
        return MemoryStore()
    from .sqlite import SqliteStore  # sqlite3 is imported only when it is used

    return SqliteStore(Path(settings.state_dir))


class MockState:
    def __init__(self, settings: Settings, catalogue: Catalogue | None = None) -> None:
        self.settings = settings
        self.models = catalogue or Catalogue.load()
        self.store = open_store(settings)
        self.clock = MockClock(settings.clock, self.store)
        self._build()

    def _build(self) -> None:
        self.ids = IdGenerator(self.settings.seed, self.store.numbers)
        self.journal = Journal(self.settings.journal_size)
        self.faults = FaultPlans()
        # Rules from the config file come back with the rest; rules added at run time do not.
        self.rules = Rules(self.settings.rules)
        self.backends = Backends.build(self.store)
        # The catalogue also knows the models fine-tuning jobs made (while they exist).
        self.catalogue = self.models.with_fine_tunes(self._fine_tuned_owner)
        # The accepted keys (none: any non-empty key); ``/__mock__/keys`` changes them.
        self.api_keys: tuple[str, ...] = self.settings.api_keys

    def _fine_tuned_owner(self, model_id: str) -> str | None:
        made = live_model(
            self.backends.fine_tuning, model_id, self.clock.now(), self.lifecycle, self.seed
        )
        return None if made is None else str(made["owned_by"])

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def lifecycle(self) -> str:
        return self.settings.lifecycle

    def now(self) -> int:
        """The current Unix time in whole seconds (the API's ``created``)."""
        return int(self.clock.now())

    def reset(self) -> None:
        """Empty the store (every worker's objects, with ``--state-dir``) and build this
        process's state anew."""
        self.store.clear()
        self._build()


def mock_state(request: Request) -> MockState:
    state: MockState = request.app.state.mock
    return state

"""Threads and what belongs to them, each kind in its table: ``threads``, ``thread_messages``,
``thread_runs`` (a run's API object and where its lifecycle stands) and ``run_steps``. Deleting
a thread deletes its messages, runs and steps in one commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...state.store import StateStore, dict_codec

Obj = dict[str, Any]


class Threads:
    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._threads = store.table("threads", dict_codec())
        self._messages = store.table("thread_messages", dict_codec())
        self._runs = store.table("thread_runs", dict_codec())
        self._steps = store.table("run_steps", dict_codec())

    # --- threads --------------------------------------------------------------------------

    def create(self, thread: Obj, messages: list[Obj]) -> Obj:
        with self._store.atomic():
            self._threads.insert(thread["id"], thread, created=thread["created_at"])
            for message in messages:
                self.add_message(message)
        return thread

    def get(self, thread_id: str) -> Obj | None:
        return self._threads.get(thread_id)

    def update(self, thread_id: str, change: Callable[[Obj], Obj]) -> Obj | None:
        return self._threads.update(thread_id, change)

    def delete(self, thread_id: str) -> bool:
        with self._store.atomic():
            if self._threads.delete(thread_id) is None:
                return False
            for table in (self._messages, self._runs, self._steps):
                for row in table.values():
                    if row["thread_id"] == thread_id:
                        table.delete(row["id"])
        return True

    # --- messages -------------------------------------------------------------------------

    def add_message(self, message: Obj) -> Obj:
        return self._messages.insert(message["id"], message, created=message["created_at"])

    def message(self, thread_id: str, message_id: str) -> Obj | None:
        found = self._messages.get(message_id)
        return found if found is not None and found["thread_id"] == thread_id else None

    def put_message(self, message: Obj) -> Obj:
        return self._messages.put(message["id"], message, created=message["created_at"])

    def update_message(self, message_id: str, change: Callable[[Obj], Obj]) -> Obj | None:
        return self._messages.update(message_id, change)

    def delete_message(self, message_id: str) -> bool:
        return self._messages.delete(message_id) is not None

    def messages(self, thread_id: str) -> list[Obj]:
        return [m for m in self._messages.values() if m["thread_id"] == thread_id]

    # --- runs and steps -------------------------------------------------------------------

    def put_run(self, record: Obj) -> Obj:
        """A run record: ``{"id", "thread_id", "run": the API object, "state": ...}``."""
        return self._runs.put(record["id"], record, created=record["run"]["created_at"])

    def run(self, thread_id: str, run_id: str) -> Obj | None:
        found = self._runs.get(run_id)
        return found if found is not None and found["thread_id"] == thread_id else None

    def runs(self, thread_id: str) -> list[Obj]:
        return [r for r in self._runs.values() if r["thread_id"] == thread_id]

    def put_step(self, step: Obj) -> Obj:
        return self._steps.put(step["id"], step, created=step["created_at"])

    def step(self, run_id: str, step_id: str) -> Obj | None:
        found = self._steps.get(step_id)
        return found if found is not None and found["run_id"] == run_id else None

    def steps(self, run_id: str) -> list[Obj]:
        return [s for s in self._steps.values() if s["run_id"] == run_id]

    def atomic(self) -> Any:
        return self._store.atomic()

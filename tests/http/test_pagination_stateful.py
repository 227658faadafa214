"""Pagination against a model of the store (a hypothesis state machine): objects are created
(several in one second, as real traffic does) and deleted through the Files backend, and every
list walk, in either order, from any cursor, agrees with the model."""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mockserver.http.pagination import PageQuery, paginate
from mockserver.resources.files.backend import Files, StoredFile
from mockserver.state.store import MemoryStore


class FilesPages(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.files = Files(MemoryStore())
        self.model: list[tuple[int, int, str]] = []  # (created, creation order, id)
        self.now = 1_700_000_000
        self.made = 0

    def listed(self) -> list[dict[str, Any]]:
        return [f.to_api() for f in self.files.list()]

    def expected(self, order: str) -> list[str]:
        ordered = sorted(self.model, reverse=order == "desc")
        return [file_id for _, _, file_id in ordered]

    @rule(seconds=st.integers(0, 2))
    def create(self, seconds: int) -> None:
        self.now += seconds
        file_id = f"file-{self.made:04d}"
        self.files.create(StoredFile(file_id, 1, self.now, "a.txt", "user_data"), b"x")
        self.model.append((self.now, self.made, file_id))
        self.made += 1

    @precondition(lambda self: self.model)
    @rule(which=st.integers(0, 1000))
    def delete(self, which: int) -> None:
        _, _, file_id = self.model.pop(which % len(self.model))
        assert self.files.delete(file_id) is not None

    @rule(limit=st.integers(1, 7), order=st.sampled_from(["asc", "desc"]))
    def walk_forward(self, limit: int, order: str) -> None:
        seen: list[str] = []
        after = None
        while True:
            page = paginate(self.listed(), PageQuery(limit, order, after, None), key="created_at")
            ids = [d["id"] for d in page["data"]]
            assert len(ids) <= limit
            assert (page["first_id"], page["last_id"]) == (
                (ids[0], ids[-1]) if ids else (None, None)
            )
            seen += ids
            # has_more exactly when the model holds more past this page
            assert page["has_more"] == (len(seen) < len(self.model)), (len(seen), page)
            if not page["has_more"]:
                break
            assert len(ids) == limit
            after = page["last_id"]
        assert seen == self.expected(order)

    @precondition(lambda self: self.model)
    @rule(limit=st.integers(1, 7), order=st.sampled_from(["asc", "desc"]), at=st.integers(0, 1000))
    def page_before(self, limit: int, order: str, at: int) -> None:
        expected = self.expected(order)
        cursor = expected[at % len(expected)]
        page = paginate(self.listed(), PageQuery(limit, order, None, cursor), key="created_at")
        preceding = expected[: expected.index(cursor)]
        assert [d["id"] for d in page["data"]] == preceding[-limit:]
        assert page["has_more"] == (len(preceding) > limit)

    @invariant()
    def nothing_lost_or_doubled(self) -> None:
        ids = [d["id"] for d in self.listed()]
        assert sorted(ids) == sorted(file_id for _, _, file_id in self.model)


FilesPages.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestFilesPages = FilesPages.TestCase

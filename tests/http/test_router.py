from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.routing import Route, Router
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.clock import FixedClock
from mockserver.http.router import IndexedRouter, routes_by_path
from mockserver.settings import Settings

METHODS = ("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD")


def _app(indexed: bool) -> Starlette:
    app = create_app(Settings(seed=3, clock=FixedClock(1_700_000_000)))
    assert isinstance(app.router, IndexedRouter)
    if not indexed:  # Starlette's own scan over the same routes
        app.router = Router(app.router.routes, lifespan=app.router.lifespan_context)
    return app


def _paths(routes: list[Route]) -> list[str]:
    return [route.path for route in routes]


def test_a_fixed_path_lists_every_route_its_path_matches_in_order() -> None:
    by_path = routes_by_path(_app(True).router.routes)
    # "/v1/threads/runs" is a route of its own (POST) and a thread id for the route after it.
    runs = [r for r in by_path["/v1/threads/runs"] if isinstance(r, Route)]
    assert _paths(runs) == ["/v1/threads/runs", "/v1/threads/{thread_id}"]
    assert len(by_path["/v1/chat/completions"]) == 1


@pytest.mark.parametrize("method", METHODS)
def test_every_fixed_path_is_answered_as_starlettes_scan_answers_it(method: str) -> None:
    indexed_app = _app(True)
    assert isinstance(indexed_app.router, IndexedRouter)
    paths = [*sorted(indexed_app.router.by_path), "/v1/nothing", "/v1/models/", "/"]
    auth = {"Authorization": "Bearer sk-test"}
    with (
        TestClient(indexed_app, headers=auth) as indexed,
        TestClient(_app(False), headers=auth) as scanned,
    ):
        for path in paths:
            got = indexed.request(method, path, json={})
            want = scanned.request(method, path, json={})
            assert (got.status_code, got.content) == (want.status_code, want.content), path

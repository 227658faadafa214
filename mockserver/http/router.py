"""Starlette's router, with a fixed path's routes found by one dict lookup.

Starlette tries the routes in order, a regular expression each, until one matches: the
Responses API's POST /v1/responses waited for 41 routes (17 us) before its handler ran. A
request's path decides which routes can match it at all (a route's path match does not depend
on the method), so for each fixed path the routes whose path matches it are listed once, in
the table's order: trying those, first FULL match first, is what the whole scan does. Anything
else (no full match among them, a path with parameters, a root path, websockets, lifespan)
takes Starlette's own scan, so 405s, slash redirects and 404s are answered as before."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import Receive, Scope, Send


def _path_matches(route: BaseRoute, path: str) -> bool:
    # A method no route serves: a route whose path matches answers PARTIAL (or FULL when it
    # takes any method), any other NONE.
    scope = {"type": "http", "path": path, "root_path": "", "method": "MOCK-INDEX"}
    match, _ = route.matches(scope)
    return match is not Match.NONE


def routes_by_path(routes: Sequence[BaseRoute]) -> dict[str, tuple[BaseRoute, ...]]:
    """For each fixed path of ``routes``, every route whose path matches it, in order."""
    fixed = [r.path for r in routes if isinstance(r, Route) and not r.param_convertors]
    return {path: tuple(r for r in routes if _path_matches(r, path)) for path in fixed}


class IndexedRouter(Router):
    def __init__(self, routes: Sequence[BaseRoute], **options: Any) -> None:
        super().__init__(routes, **options)
        self.by_path = routes_by_path(self.routes)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Under a root path (``--root-path``), the path a route sees differs: Starlette's scan.
        plain = scope["type"] == "http" and not scope.get("root_path")
        candidates = self.by_path.get(scope["path"]) if plain else None
        if candidates:
            for route in candidates:
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.setdefault("router", self)
                    scope["route"] = route
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
        await super().app(scope, receive, send)

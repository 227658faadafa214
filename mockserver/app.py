"""``create_app(settings)``: the route table and the app around it (its one middleware layer)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Lifespan

from . import tokens
from .control import routes as control
from .http.middleware import APIMiddleware
from .http.router import IndexedRouter
from .http.websocket import UNSERVED
from .resources.assistants import routes as assistants
from .resources.audio import routes as audio
from .resources.batches import routes as batches
from .resources.chat import routes as chat
from .resources.completions import routes as completions
from .resources.containers import routes as containers
from .resources.conversations import routes as conversations
from .resources.embeddings import routes as embeddings
from .resources.files import routes as files
from .resources.fine_tuning import routes as fine_tuning
from .resources.images import routes as images
from .resources.models import routes as models
from .resources.moderations import routes as moderations
from .resources.realtime import routes as realtime
from .resources.responses import routes as responses
from .resources.threads import routes as threads
from .resources.uploads import routes as uploads
from .resources.vector_stores import routes as vector_stores
from .settings import Settings, settings_from_json
from .state import MockState

# Seconds after start-up before the encodings (and numpy) load in the background.
PRELOAD_AFTER = 0.25
BLAS_THREADS = "OPENBLAS_NUM_THREADS"
# Browsers may call the mock from any page, and read the headers the SDK reads.
CORS_OPTIONS: dict[str, Any] = {
    "allow_origins": ["*"],
    "allow_methods": ["*"],
    "allow_headers": ["*"],
    "expose_headers": ["x-request-id", "openai-processing-ms", "retry-after"],
}


class MockApp(Starlette):
    """Starlette with the API layer as its whole middleware stack: that one pure ASGI layer
    answers CORS and every error itself (http/middleware.py), where Starlette's own stack would
    wrap each request in two more layers, each with its own ``send`` wrapper."""

    def __init__(
        self, mock: MockState, routes: list[BaseRoute], lifespan: Lifespan[Starlette]
    ) -> None:
        super().__init__(lifespan=lifespan)
        # The routes, each fixed path's found by a lookup (see http/router.py).
        self.router = IndexedRouter(routes, lifespan=lifespan)
        self.state.mock = mock

    def build_middleware_stack(self) -> ASGIApp:
        return APIMiddleware(self.router, mock=self.state.mock, cors=CORS_OPTIONS)


def one_blas_thread() -> None:
    """A server started before anything imported numpy gets one BLAS thread (OpenBLAS reads
    ``OPENBLAS_NUM_THREADS`` when numpy first loads it; the variable is then dropped again).

    The mock's matrix products are small and one request's; OpenBLAS's threads spin between
    them, and on a small machine they take the core from the event loop and the client:
    embeddings served 2-3 times slower with them. Without effect when numpy is already loaded
    (a test process that uses numpy keeps its threads) or when the variable is set.
    """
    if "numpy" in sys.modules or BLAS_THREADS in os.environ:
        return
    os.environ[BLAS_THREADS] = "1"
    tokens.after_preload(lambda: os.environ.pop(BLAS_THREADS, None))


def route_table() -> list[BaseRoute]:
    """The union of every resource's routes; the router tries them in order, so the busiest
    (chat) comes first."""
    resources = (
        chat,
        models,
        completions,
        embeddings,
        moderations,
        files,
        uploads,
        vector_stores,
        batches,
        assistants,
        threads,
        responses,
        conversations,
        fine_tuning,
        images,
        audio,
        containers,
        realtime,
        control,
    )
    return [*(route for resource in resources for route in resource.ROUTES), UNSERVED]


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    mock = MockState(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        one_blas_thread()
        # The encodings load on first use, or in the background once the server has had a
        # moment to answer its first requests (the model list needs no tokenizer; tiktoken
        # holds the GIL while it builds one, so loading at once would hold those up).
        preloading = asyncio.get_running_loop().call_later(PRELOAD_AFTER, tokens.preload)
        yield
        preloading.cancel()

    return MockApp(mock, route_table(), lifespan)


# The variable through which ``mockserver --workers N`` hands each worker its settings.
SETTINGS_ENV = "MOCKSERVER_SETTINGS_JSON"


def create_worker_app() -> Starlette:
    """uvicorn's factory for each of ``--workers N``: the settings the CLI parsed, as JSON."""
    return create_app(settings_from_json(os.environ[SETTINGS_ENV]))

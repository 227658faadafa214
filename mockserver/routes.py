"""The one route table: every URL the mock answers, and the handler behind it."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from . import control
from .handlers import chat, completions, embeddings, models, moderations
from .responses import json_response

Handler = Callable[[Request], Awaitable[Any]]


class Endpoint:
    """A handler as an ASGI app. Handlers return data (or a ready Response); data becomes the
    JSON body. Errors they raise reach the app's exception handlers through Starlette's
    ExceptionMiddleware, so this needs none of ``request_response``'s per-request wrapping."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        functools.update_wrapper(self, handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        result = await self.handler(Request(scope, receive, send))
        response = result if isinstance(result, Response) else json_response(result)
        await response(scope, receive, send)


def api(path: str, handler: Handler, methods: list[str]) -> Route:
    return Route("/v1" + path, Endpoint(handler), methods=methods)


def route_table() -> list[BaseRoute]:
    return [
        # The busiest route first: the router tries routes in order.
        api("/chat/completions", chat.create_chat_completion, ["POST"]),
        api("/models", models.list_models, ["GET"]),
        api("/models/{model:path}", models.retrieve_model, ["GET"]),
        api("/chat/completions", chat.list_chat_completions, ["GET"]),
        api("/chat/completions/{completion_id}", chat.retrieve_chat_completion, ["GET"]),
        api("/chat/completions/{completion_id}", chat.update_chat_completion, ["POST"]),
        api("/chat/completions/{completion_id}", chat.delete_chat_completion, ["DELETE"]),
        api(
            "/chat/completions/{completion_id}/messages",
            chat.list_chat_completion_messages,
            ["GET"],
        ),
        api("/completions", completions.create_completion, ["POST"]),
        api("/embeddings", embeddings.create_embedding, ["POST"]),
        api("/moderations", moderations.create_moderation, ["POST"]),
        # the mock's own control API
        Route("/__mock__/reset", Endpoint(control.reset), methods=["POST"]),
        Route("/__mock__/faults", Endpoint(control.list_faults), methods=["GET"]),
        Route("/__mock__/faults", Endpoint(control.arm_fault), methods=["POST"]),
        Route("/__mock__/faults", Endpoint(control.clear_faults), methods=["DELETE"]),
        Route("/__mock__/requests", Endpoint(control.list_requests), methods=["GET"]),
        Route("/__mock__/requests", Endpoint(control.clear_requests), methods=["DELETE"]),
        Route("/__mock__/rules", Endpoint(control.list_rules), methods=["GET"]),
        Route("/__mock__/rules", Endpoint(control.add_rule), methods=["POST"]),
    ]

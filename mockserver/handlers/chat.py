"""POST/GET /v1/chat/completions and the stored-completion endpoints (being written)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from .. import errors


async def create_chat_completion(request: Request) -> Any:
    raise errors.APIError(501, "Not implemented yet.")


list_chat_completions = retrieve_chat_completion = update_chat_completion = create_chat_completion
delete_chat_completion = list_chat_completion_messages = create_chat_completion

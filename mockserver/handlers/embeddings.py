"""POST /v1/embeddings (being written)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from .. import errors


async def create_embedding(request: Request) -> Any:
    raise errors.APIError(501, "Not implemented yet.")

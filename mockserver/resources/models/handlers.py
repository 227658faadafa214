"""GET /v1/models and GET /v1/models/{model}."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...state import mock_state


async def list_models(request: Request) -> dict[str, Any]:
    catalogue = mock_state(request).catalogue
    return {"object": "list", "data": [model.to_api() for model in catalogue]}


async def retrieve_model(request: Request) -> dict[str, Any]:
    model_id = request.path_params["model"]
    return mock_state(request).catalogue.get(model_id).to_api()

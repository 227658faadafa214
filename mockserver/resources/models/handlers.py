"""GET /v1/models, GET /v1/models/{model} and DELETE /v1/models/{model}: the catalogue, and
the models fine-tuning jobs made (once their job succeeded, until they are deleted)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...state import MockState, mock_state
from ..fine_tuning.models import live_model, live_models
from . import errors


def _fine_tuned(mock: MockState, model_id: str) -> dict[str, Any] | None:
    if not model_id.startswith("ft:"):  # the catalogue's models need no look-up in the state
        return None
    return live_model(
        mock.backends.fine_tuning, model_id, mock.clock.now(), mock.lifecycle, mock.seed
    )


async def list_models(request: Request) -> dict[str, Any]:
    mock = mock_state(request)
    data = [model.to_api() for model in mock.models]
    data += live_models(mock.backends.fine_tuning, mock.clock.now(), mock.lifecycle, mock.seed)
    return {"object": "list", "data": data}


async def retrieve_model(request: Request) -> dict[str, Any]:
    mock = mock_state(request)
    model_id = request.path_params["model"]
    made = _fine_tuned(mock, model_id)
    return made if made is not None else mock.models.get(model_id).to_api()


async def delete_model(request: Request) -> dict[str, Any]:
    mock = mock_state(request)
    model_id = request.path_params["model"]
    if _fine_tuned(mock, model_id) is not None:
        mock.backends.fine_tuning.delete_model(model_id)
        return {"id": model_id, "object": "model", "deleted": True}
    if mock.models.find(model_id) is not None:
        raise errors.model_not_deletable(model_id)
    raise errors.no_model_to_delete(model_id)

"""What every Assistants API route (assistants, threads, messages, runs, steps) checks first:
that the API is still served (``--retired-apis``: the real API retired it on 2026-08-26 and
answers its URLs as unknown ones), then the ``OpenAI-Beta: assistants=v2`` header."""

from __future__ import annotations

from starlette.requests import Request

from ...http import errors
from ...state import mock_state
from . import errors as assistant_errors

HEADER = "openai-beta"
V2 = "assistants=v2"
V1 = "assistants=v1"


def require_v2(request: Request) -> None:
    """The real API's answers: 404 Invalid URL once retired; 400 ``invalid_beta`` when the
    header is missing (or names no assistants version), another when it asks for v1."""
    if mock_state(request).settings.retired_apis:
        raise errors.invalid_url(request.method, request.url.path)
    # The header may name several betas: "assistants=v2,realtime=v1".
    betas = {b.strip().lower() for b in request.headers.get(HEADER, "").split(",")}
    if V2 in betas:
        return
    if V1 in betas:
        raise assistant_errors.v1_deprecated()
    raise assistant_errors.beta_header_missing()

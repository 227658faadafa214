"""POST /v1/completions: the legacy text completions of instruct and base models.

Each prompt of a batch gets ``n`` choices, indexed ``prompt * n + choice`` as the real API does;
``best_of`` candidates are generated (and billed) but only the first ``n`` are returned. Text is
a pure function of (server seed, model, prompt, suffix, ``seed``) and the choice index.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...http.params import check
from ...http.sse import sse_response
from ...llm.usage import completion_usage
from ...state import mock_state
from . import request as completion_request
from .reply import generate
from .stream import chunks

ENDPOINT = "completions"


async def create_completion(request: Request) -> Any:
    body = await json_body(request)
    check(body, completion_request.SPEC)
    state = mock_state(request)
    model = state.catalogue.for_endpoint(body.get("model"), ENDPOINT)
    opts = completion_request.options(body, model)
    prompts = completion_request.prompts(body, model.encoding)
    completion_request.check_context(model, prompts, opts.max_tokens)
    results, billed = generate(state.rules, state.seed, model, prompts, opts)
    head = {
        "id": state.ids.new("cmpl-"),
        "object": "text_completion",
        "created": state.now(),
        "model": model.responds_as,
    }
    usage = completion_usage(sum(p.n_tokens for p in prompts), billed)
    if opts.stream:
        return sse_response(chunks(head, results, usage, opts, model))
    return {
        **head,
        "choices": [
            {
                "text": r.text,
                "index": r.index,
                "logprobs": r.logprobs,
                "finish_reason": r.choice.finish_reason,
            }
            for r in results
        ],
        "usage": usage,
    }

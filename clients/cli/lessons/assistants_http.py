from __future__ import annotations

import argparse

from ...assistants import SEED_ASSISTANT, create_assistant_over_http, delete_assistant_over_http
from ..lesson import Context, Lesson
from ..text import T
from .assistants import RETIRED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", default=SEED_ASSISTANT["name"])
    parser.add_argument("--model", default=SEED_ASSISTANT["model"])
    parser.add_argument("--keep", action="store_true", help="do not delete the assistant")


def run(ctx: Context) -> None:
    args, teach, config = ctx.args, ctx.teach, ctx.config
    body = {**SEED_ASSISTANT, "name": args.name, "model": args.model}
    teach.heading(T("Assistants over raw HTTP, as the seed does", "원시 HTTP 로 만드는 어시스턴트"))
    teach.say(RETIRED)
    response = create_assistant_over_http(
        config.base_url, config.api_key, body, http=ctx.http, timeout=config.timeout
    )
    teach.value(
        T("request", "요청"),
        f"POST {config.base_url}/assistants",
        T(
            "headers: Authorization: Bearer <key>, OpenAI-Beta: assistants=v2",
            "헤더: Authorization: Bearer <키>, OpenAI-Beta: assistants=v2",
        ),
    )
    teach.value(
        T("status", "상태"),
        response.status_code,
        T("httpx2 (the SDK's HTTP library) stands in for requests", "requests 대신 httpx2 사용"),
    )
    created = response.json()
    teach.result(created)
    if response.is_error:  # raw HTTP raises nothing: the error envelope is read by hand
        error = created.get("error") or {}
        raise ValueError(f"HTTP {response.status_code}: {error.get('message')}")
    if not args.keep:
        gone = delete_assistant_over_http(
            config.base_url, config.api_key, created["id"], http=ctx.http
        )
        if gone.is_error:
            raise ValueError(f"HTTP {gone.status_code}: {gone.text}")
        teach.value(
            T("deleted", "삭제"),
            gone.json()["deleted"],
            T("DELETE /assistants/{id} tidies up", "DELETE /assistants/{id} 로 정리"),
        )


LESSON = Lesson(
    name="assistants-http",
    order=61,
    summary=T(
        "Create an assistant with a raw POST /v1/assistants (OpenAI-Beta: assistants=v2)",
        "원시 POST /v1/assistants 로 어시스턴트 만들기",
    ),
    run=run,
    add_arguments=add_arguments,
)

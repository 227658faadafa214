from __future__ import annotations

import argparse

from ...responses import DEFAULT_RESPONSES_MODEL, run_responses_tool_loop
from ...weather import SEED_QUESTION, WEATHER_TOOL
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", default=SEED_QUESTION)
    parser.add_argument("--model", default=DEFAULT_RESPONSES_MODEL)
    parser.add_argument(
        "--conversation", action="store_true", help="keep the turns in a Conversation object"
    )


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    conversation = ctx.client.conversations.create().id if args.conversation else None
    result = run_responses_tool_loop(
        ctx.client, args.question, [WEATHER_TOOL], model=args.model, conversation=conversation
    )
    teach.heading(T("Tools on the Responses API", "Responses API 의 도구 호출"))
    teach.say(f"user: {args.question}")
    for call in result.calls:
        teach.value(
            T("function_call", "function_call"),
            f"{call.name}({dict(call.arguments)})",
            T("an output item of the first response", "첫 응답의 출력 항목"),
        )
        teach.value(
            T("function_call_output", "function_call_output"),
            call.result,
            T(
                "the local fake's result: the only input of the next turn",
                "가짜 날씨 함수의 결과: 다음 턴의 유일한 입력",
            ),
        )
    for response in result.responses:
        teach.value(
            T("response", "응답"),
            f"{response.id} <- {response.previous_response_id or conversation or '-'}",
            T("each turn chained to the one before", "각 턴이 이전 턴에 연결됨"),
        )
    teach.say(f"assistant: {result.answer}")
    for response in result.responses:
        teach.result(response, fields=False)


LESSON = Lesson(
    name="responses-tools",
    order=16,
    summary=T(
        "The weather tool loop on the Responses API",
        "Responses API 로 돌리는 날씨 도구 루프",
    ),
    run=run,
    add_arguments=add_arguments,
)

from __future__ import annotations

import argparse

from ...tools import run_tool_loop
from ...weather import SEED_QUESTION, WEATHER_TOOL
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", default=SEED_QUESTION)
    parser.add_argument("--model", default="gpt-4o")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    result = run_tool_loop(
        ctx.client, [{"role": "user", "content": args.question}], [WEATHER_TOOL], model=args.model
    )
    teach.heading(
        T("Tools: the model asks, local Python answers", "도구: 모델이 요청하고 파이썬이 답함")
    )
    teach.say(f"user: {args.question}")
    for call in result.calls:
        teach.value(
            T("model calls", "모델의 호출"),
            f"{call.name}({dict(call.arguments)})",
            T("arguments parsed from the tool call's JSON", "도구 호출의 JSON 에서 읽은 인자"),
        )
        teach.value(
            T("local result", "로컬 결과"),
            call.result,
            T(
                "a fake weather function ran here, sent back as a tool message",
                "가짜 날씨 함수의 결과를 tool 메시지로 돌려보냄",
            ),
        )
    teach.value(
        T("requests", "요청 수"), len(result.completions), T("one per round", "라운드마다 하나")
    )
    teach.say(f"assistant: {result.answer}")
    for completion in result.completions:
        teach.result(completion, fields=False)


LESSON = Lesson(
    name="tools",
    order=13,
    summary=T(
        "Tool calling loop: the seed's weather example with a local fake",
        "도구 호출 루프: 가짜 날씨 함수로 돌리는 예제",
    ),
    run=run,
    add_arguments=add_arguments,
)

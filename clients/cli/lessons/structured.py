from __future__ import annotations

import argparse

from ...structured import EXAMPLE_INSTRUCTIONS, EXAMPLE_PROMPT, CalendarEvent, extract
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", default=EXAMPLE_PROMPT)
    parser.add_argument("--model", default="gpt-4o-mini")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    event = extract(
        ctx.client, CalendarEvent, args.text, instructions=EXAMPLE_INSTRUCTIONS, model=args.model
    )
    teach.heading(T("Structured outputs: a validated object", "구조화된 출력: 검증된 객체"))
    teach.say(f"user: {args.text}")
    teach.say(
        T(
            f"{type(event).__name__}, validated by pydantic against the schema sent as "
            "response_format:",
            f"{type(event).__name__}: response_format 으로 보낸 스키마에 맞춰 pydantic 이 검증:",
        )
    )
    teach.result(event)


LESSON = Lesson(
    name="structured",
    order=14,
    summary=T("Structured outputs into a pydantic object", "pydantic 객체로 받는 구조화된 출력"),
    run=run,
    add_arguments=add_arguments,
)

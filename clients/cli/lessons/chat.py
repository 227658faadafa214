from __future__ import annotations

import argparse

from ...chat import ask, reply_text
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prompt", nargs="?", default="Hello!")
    parser.add_argument("--instructions", default="You are a helpful assistant.")
    parser.add_argument("--role", choices=("developer", "system"), default="developer")
    parser.add_argument("--model", default="gpt-4o")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    completion = ask(
        ctx.client, args.prompt, instructions=args.instructions, role=args.role, model=args.model
    )
    teach.heading(T("Chat: one question, one answer", "채팅: 질문 하나, 답 하나"))
    teach.say(T(f"{args.role}: {args.instructions}", f"{args.role}: {args.instructions}"))
    teach.say(T(f"user: {args.prompt}", f"user: {args.prompt}"))
    teach.say(T(f"assistant: {reply_text(completion)}", f"assistant: {reply_text(completion)}"))
    teach.say(T("The response, field by field:", "응답의 각 필드:"))
    teach.result(completion)


LESSON = Lesson(
    name="chat",
    order=10,
    summary=T(
        "One-shot chat with a developer or system prompt",
        "developer/system 프롬프트와 한 번의 채팅",
    ),
    run=run,
    add_arguments=add_arguments,
)

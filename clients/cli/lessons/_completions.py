"""The three legacy-completions lessons differ only in their example and prompt; this builds
each one: show the prompt (where the task is said), the text, the fields."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from openai import OpenAI
from openai.types import Completion

from ...prompts import completion_text
from ..lesson import Context, Lesson
from ..text import T

HEADING = T("Prompt engineering on /v1/completions", "/v1/completions 로 하는 프롬프트 엔지니어링")


def completion_lesson(
    *,
    name: str,
    order: int,
    summary: T,
    label: str,
    example: str,
    prompt_of: Callable[[str], str],
    call: Callable[[OpenAI, str], Completion],
) -> Lesson:
    """``label`` is the seed's own ("응답 텍스트:"); ``prompt_of`` shows what ``call`` sends."""

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("text", nargs="?", default=example)

    def run(ctx: Context) -> None:
        text, teach = ctx.args.text, ctx.teach
        completion = call(ctx.client, text)
        teach.heading(HEADING)
        teach.value(
            T("prompt", "프롬프트"),
            prompt_of(text).strip(),
            T("the task is said in the prompt itself", "작업 지시는 프롬프트 안에"),
        )
        teach.say(f"{label} {completion_text(completion)}")
        teach.result(completion)

    return Lesson(name, order, summary, run, add_arguments)

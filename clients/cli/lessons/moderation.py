from __future__ import annotations

import argparse

from ...moderation import MODERATION_MODEL, Verdict, moderate
from ..lesson import Context, Lesson
from ..text import T

EXAMPLES = ("I love sunny days in Seoul.", "I am going to kill you.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("texts", nargs="*", default=list(EXAMPLES))
    parser.add_argument("--model", default=MODERATION_MODEL)


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(
        T("Moderation: does a text break the usage policies?", "모더레이션: 사용 정책 위반 여부")
    )
    for text in args.texts:
        response = moderate(ctx.client, text, model=args.model)
        verdict = Verdict.of(response)
        teach.say(f"{text!r}")
        teach.value(
            T("flagged", "위반"),
            verdict.flagged,
            T("any category over its threshold", "어느 범주든 기준을 넘으면 true"),
        )
        teach.value(
            T("categories", "범주"),
            ", ".join(verdict.categories) or "-",
            T("the flagged ones", "해당하는 범주"),
        )
        teach.value(
            T("highest scores", "가장 높은 점수"),
            ", ".join(f"{name} {score:.3f}" for name, score in verdict.top_scores),
            T("0 to 1: how likely, not how severe", "0~1: 심각도가 아니라 가능성"),
        )
        teach.result(response, fields=False)


LESSON = Lesson(
    name="moderation",
    order=50,
    summary=T("Check texts with the moderation endpoint", "모더레이션 엔드포인트로 텍스트 검사"),
    run=run,
    add_arguments=add_arguments,
)

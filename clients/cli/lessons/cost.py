from __future__ import annotations

import argparse
from typing import Any

from ...cost import BudgetExceeded, CostTracker
from ..lesson import Context, Lesson
from ..text import T

QUESTIONS = ("AI가 무엇인가요??", "지도학습은 무엇인가요?")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--budget", type=float, default=0.001, help="USD for the whole lesson")
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--max-tokens", type=int, default=150)


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    tracker = CostTracker(budget_usd=args.budget)
    table = tracker.prices
    teach.heading(T(f"Cost: a ${args.budget:g} budget", f"비용: ${args.budget:g} 예산"))
    teach.value(
        T("prices", "가격표"),
        f"{table.as_of}, {table.source}",
        T("dated: prices change", "날짜가 있는 표: 가격은 바뀝니다"),
    )
    calls: list[tuple[str, str, int]] = [(args.model, q, args.max_tokens) for q in QUESTIONS]
    # The last one asks for far more output from a dearer model: the budget refuses it.
    calls.append(("gpt-4o", "Write a long essay about AI.", 4000))
    for model, question, max_tokens in calls:
        messages: list[Any] = [{"role": "user", "content": question}]
        try:
            completion = tracker.chat(
                ctx.client, model=model, messages=messages, max_tokens=max_tokens
            )
        except BudgetExceeded as refused:
            teach.say(f"{model} max_tokens={max_tokens}: {refused}")
            teach.result({"model": model, "refused": str(refused)}, fields=False)
            continue
        usage = completion.usage
        spent = f"{usage.prompt_tokens} in + {usage.completion_tokens} out" if usage else "-"
        teach.say(f"{model} max_tokens={max_tokens}: {spent}, ${tracker.spent_usd:.6f} so far")
        teach.result(completion, fields=False)
    teach.say(T("Per model:", "모델별:"))
    for model, entry in sorted(tracker.by_model.items()):
        teach.say(
            f"  {model}: {entry.requests} requests, {entry.input_tokens} in, "
            f"{entry.output_tokens} out, ${entry.cost_usd:.6f}"
        )
    teach.value(
        T("left", "남은 예산"),
        f"${tracker.remaining_usd:.6f}",
        T("a call is priced at its most before it is sent", "호출 전에 최대 비용을 계산합니다"),
    )


LESSON = Lesson(
    name="cost",
    order=80,
    summary=T(
        "Track tokens and cost per model, with a budget", "모델별 토큰과 비용 추적, 예산 한도"
    ),
    run=run,
    add_arguments=add_arguments,
)

from __future__ import annotations

import argparse

from ...fine_tuning import ask, forget, start, wait
from ..lesson import Context, Lesson
from ..text import T

# The fine-tuning guide's sarcastic Marv, a few examples (the API asks for at least 10).
EXAMPLES = [
    {
        "messages": [
            {"role": "system", "content": "Marv is a sarcastic chatbot."},
            {"role": "user", "content": f"What is {i} + {i}?"},
            {"role": "assistant", "content": f"{2 * i}, obviously. Did you need me for that?"},
        ]
    }
    for i in range(10)
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="gpt-4o-mini-2024-07-18")
    parser.add_argument("--suffix", default="marv")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between polls")
    parser.add_argument("--keep", action="store_true", help="keep the fine-tuned model")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(
        T(
            "Fine-tuning: examples in, a model of your own out",
            "파인튜닝: 예제를 넣어 나만의 모델 만들기",
        )
    )
    job = start(ctx.client, EXAMPLES, model=args.model, suffix=args.suffix)
    seen = wait(ctx.client, job, every=args.every)
    teach.value(
        T("job", "작업"),
        f"{job.id}: {' -> '.join(j.status for j in seen)}",
        T("polled until it ends", "끝날 때까지 폴링"),
    )
    final = seen[-1]
    teach.result(final, fields=False)
    if final.fine_tuned_model is None:
        teach.value(T("error", "오류"), final.error, T("why the job failed", "작업이 실패한 이유"))
        return
    model = final.fine_tuned_model
    teach.value(
        T("fine_tuned_model", "fine_tuned_model"),
        model,
        T("ft:<base>:<org>:<suffix>:<id>, used like any model", "다른 모델처럼 사용"),
    )
    teach.say(f"user: What is 2 + 2?\nassistant: {ask(ctx.client, model, 'What is 2 + 2?')}")
    if not args.keep:
        teach.value(
            T("deleted", "삭제"),
            forget(ctx.client, model),
            T("a fine-tuned model is yours to delete", "파인튜닝 모델은 직접 삭제할 수 있음"),
        )


LESSON = Lesson(
    name="fine-tuning",
    order=91,
    summary=T(
        "Fine-tuning: upload JSONL examples, poll the job, chat with the new model",
        "파인튜닝: JSONL 예제 업로드, 작업 폴링, 새 모델과 채팅",
    ),
    run=run,
    add_arguments=add_arguments,
)

from __future__ import annotations

import argparse

from ...batch import chat_requests, run_batch
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", type=int, default=3, help="how many chat requests")
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between polls")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    questions = [f"What is {i} + {i}?" for i in range(args.n)]
    teach.heading(
        T(
            "Batch: many requests in one file, at half price",
            "배치: 파일 하나에 여러 요청, 절반 가격",
        )
    )
    requests = chat_requests(questions, model=args.model)
    result = run_batch(ctx.client, requests, every=args.every)
    batch = result.batch
    teach.value(
        T("status", "상태"),
        f"{batch.status} after {result.polls} polls",
        T("validating -> in_progress -> finalizing -> completed", "검증 -> 진행 -> 마무리 -> 완료"),
    )
    if batch.request_counts is not None:
        counts = batch.request_counts
        teach.value(
            T("requests", "요청"),
            f"{counts.completed}/{counts.total} completed, {counts.failed} failed",
            T("each line of the input file is one request", "입력 파일의 한 줄이 요청 하나"),
        )
    for custom_id, question in zip(requests, questions, strict=True):
        answer = result.body(custom_id)
        text = answer["choices"][0]["message"]["content"] if "choices" in answer else answer
        teach.say(f"  {custom_id}: {question} -> {text}")
    teach.value(
        T("output_file_id", "output_file_id"),
        batch.output_file_id,
        T(
            "answers as JSONL, in any order: match them by custom_id",
            "JSONL 답변, custom_id 로 맞춤",
        ),
    )
    teach.result(batch, fields=False)


LESSON = Lesson(
    name="batch",
    order=90,
    summary=T(
        "The Batch API: chat requests as a JSONL file, polled until answered",
        "배치 API: JSONL 파일의 채팅 요청을 답이 나올 때까지 폴링",
    ),
    run=run,
    add_arguments=add_arguments,
)

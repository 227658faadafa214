from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import openai
from openai import OpenAI

from ...errors import Backoff, Explanation, explain, with_backoff
from ..lesson import Context, Lesson
from ..text import T

MODEL = "gpt-4o-mini"
HELLO: list[Any] = [{"role": "user", "content": "Hello!"}]
# The mock's fault-injection header; the real API ignores it (the call then just succeeds).
FAULT_HEADER = "X-Mock-Fault"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-wait", type=float, default=5.0, help="longest single wait between retries (s)"
    )


def _try(ctx: Context, title: T, call: Callable[[], object]) -> None:
    teach = ctx.teach
    teach.say(f"-- {teach.pick(title)}")
    try:
        call()
    except openai.OpenAIError as error:
        _show(ctx, explain(error, ctx.config.api_key))
    else:
        teach.say(T("   no error: the server accepted it", "   오류 없음: 서버가 받아들였습니다"))


def _show(ctx: Context, why: Explanation) -> None:
    teach = ctx.teach
    teach.value(
        T("error", "오류"),
        why.kind if why.status is None else f"{why.kind} (HTTP {why.status})",
        T("the SDK's typed error", "SDK 의 오류 타입"),
    )
    teach.value(T("message", "메시지"), why.what)
    for label, value in (
        ("param", why.param),
        ("code", why.code),
        ("retry-after", why.retry_after),
    ):
        if value is not None:
            teach.value(T(label, label), value)
    teach.value(T("meaning", "의미"), teach.pick(T(*why.why)))
    teach.result(
        {
            "kind": why.kind,
            "status": why.status,
            "message": why.what,
            "param": why.param,
            "code": why.code,
        },
        fields=False,
    )


def run(ctx: Context) -> None:
    client: OpenAI = ctx.client.with_options(max_retries=0)  # show each error as it comes
    teach = ctx.teach
    teach.heading(T("Errors: what each one means, and retrying", "오류: 각각의 의미와 재시도"))
    _try(
        ctx,
        T("a bad parameter (temperature=5)", "잘못된 매개변수 (temperature=5)"),
        lambda: client.chat.completions.create(model=MODEL, messages=HELLO, temperature=5),
    )
    _try(
        ctx,
        T("a model that does not exist", "없는 모델"),
        lambda: client.chat.completions.create(model="no-such-model", messages=HELLO),
    )
    _try(
        ctx,
        T("a key that is not valid", "유효하지 않은 키"),
        lambda: client.with_options(api_key="sk-not-a-real-key-0000").models.list(),
    )
    _try(
        ctx,
        T("a timeout of 0.2 s (the mock is asked to hold the request)", "0.2초 제한 시간"),
        lambda: client.with_options(timeout=0.2).chat.completions.create(
            model=MODEL, messages=HELLO, max_tokens=5, extra_headers={FAULT_HEADER: "timeout=1"}
        ),
    )
    _try(
        ctx,
        T("a rate limit (the mock is asked for a 429)", "속도 제한 (목 서버에 429 요청)"),
        lambda: client.chat.completions.create(
            model=MODEL, messages=HELLO, max_tokens=5, extra_headers={FAULT_HEADER: "429"}
        ),
    )
    teach.say(
        T(
            "-- the same rate limit, retried with backoff (waits honour retry-after):",
            "-- 같은 속도 제한을 백오프로 재시도 (retry-after 를 따름):",
        )
    )
    attempts = iter([{FAULT_HEADER: "429"}])

    def once_limited() -> object:
        return client.chat.completions.create(
            model=MODEL, messages=HELLO, max_tokens=5, extra_headers=next(attempts, {})
        )

    def retrying(attempt: int, error: Exception, wait: float) -> None:
        teach.say(f"   attempt {attempt}: {type(error).__name__}, waiting {wait:.2f}s")

    completion = with_backoff(
        once_limited, policy=Backoff(base=0.5, cap=ctx.args.max_wait), on_retry=retrying
    )
    teach.say(
        T(
            f"   then it went through: {type(completion).__name__}",
            f"   그다음 성공: {type(completion).__name__}",
        )
    )


LESSON = Lesson(
    name="errors",
    order=70,
    summary=T(
        "The SDK's typed errors explained, and retries with backoff",
        "SDK 의 오류 타입 설명과 백오프 재시도",
    ),
    run=run,
    add_arguments=add_arguments,
)

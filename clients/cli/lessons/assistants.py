from __future__ import annotations

import argparse

from ...assistants import DEFAULT_ASSISTANT_MODEL, DEFAULT_POLL_MS, ask_assistant, forget_assistant
from ...weather import SEED_QUESTION, WEATHER_TOOL
from ..lesson import Context, Lesson
from ..text import T

RETIRED = T(
    "Note: OpenAI deprecated the Assistants API for the Responses API and retired it on "
    "2026-08-26; the real API answers 404 now. See the responses lessons.",
    "참고: Assistants API 는 Responses API 로 대체되어 2026-08-26 에 종료되었습니다; "
    "실제 API 는 이제 404 를 돌려줍니다. responses 강의를 보세요.",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", default=SEED_QUESTION)
    parser.add_argument("--model", default=DEFAULT_ASSISTANT_MODEL)
    parser.add_argument("--poll-ms", type=int, default=DEFAULT_POLL_MS, help="poll interval")
    parser.add_argument("--keep", action="store_true", help="keep the assistant and thread")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(
        T(
            "Assistants with the SDK: a run that calls a tool",
            "SDK 의 어시스턴트: 도구를 부르는 실행",
        )
    )
    teach.say(RETIRED)
    result = ask_assistant(
        ctx.client, args.question, [WEATHER_TOOL], model=args.model, poll_interval_ms=args.poll_ms
    )
    teach.value(
        T("assistant", "어시스턴트"),
        result.assistant.id,
        T("model, instructions and tools, stored once", "모델, 지시문, 도구를 한 번 저장"),
    )
    teach.value(
        T("thread", "스레드"),
        result.thread_id,
        T("the conversation: messages kept by the server", "대화: 서버가 보관하는 메시지"),
    )
    teach.say(f"user: {args.question}")
    for run_ in result.runs:
        teach.value(
            T("run", "실행"),
            f"{run_.id} {run_.status}",
            T(
                "create_and_poll / submit_tool_outputs_and_poll wait for a state that needs you",
                "create_and_poll / submit_tool_outputs_and_poll 은 응답이 필요한 상태까지 기다림",
            ),
        )
    for call in result.calls:
        teach.value(
            T("required action", "필요한 조치"),
            f"{call.name}({dict(call.arguments)}) -> {call.result}",
            T("run locally, sent back as a tool output", "로컬에서 실행해 tool output 으로 보냄"),
        )
    teach.say(f"assistant: {result.answer}")
    for run_ in result.runs:
        teach.result(run_, fields=False)
    if not args.keep:
        forget_assistant(ctx.client, result)


LESSON = Lesson(
    name="assistants",
    order=62,
    summary=T(
        "Assistants with the SDK: thread, message, run, requires_action -> tool outputs",
        "SDK 의 어시스턴트: 스레드, 메시지, 실행, requires_action -> 도구 출력",
    ),
    run=run,
    add_arguments=add_arguments,
)

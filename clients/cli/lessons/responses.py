from __future__ import annotations

import argparse

from ...responses import DEFAULT_RESPONSES_MODEL, ResponsesChat, ask_response
from ..lesson import Context, Lesson
from ..text import T
from .conversation import SEED_INSTRUCTIONS, SEED_QUESTIONS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("questions", nargs="*", default=list(SEED_QUESTIONS))
    parser.add_argument("--model", default=DEFAULT_RESPONSES_MODEL)
    parser.add_argument(
        "--conversation", action="store_true", help="keep the turns in a Conversation object"
    )
    parser.add_argument("--max-output-tokens", type=int, default=150)


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(T("Responses: one question, then a chat", "Responses: 질문 하나, 그리고 대화"))
    first = ask_response(ctx.client, "Hello!", instructions=SEED_INSTRUCTIONS, model=args.model)
    teach.say(f"user: Hello!\nassistant: {first.output_text}")
    teach.value(
        T("output_text", "output_text"),
        repr(first.output_text[:40]),
        T(
            "the SDK joins the text of every output message",
            "SDK 가 모든 출력 메시지의 텍스트를 이어 붙입니다",
        ),
    )
    teach.result(first)
    conversation = ctx.client.conversations.create() if args.conversation else None
    chat = ResponsesChat(
        ctx.client,
        model=args.model,
        instructions=SEED_INSTRUCTIONS,
        conversation=conversation.id if conversation else None,
        truncation="auto",
        max_output_tokens=args.max_output_tokens,
    )
    for turn, question in enumerate(args.questions, 1):
        answer = chat.say(question)
        response = chat.responses[-1]
        teach.say(f"[{turn}] user: {question}")
        teach.say(f"[{turn}] assistant: {answer}")
        if conversation is not None:
            teach.value(
                T("conversation", "conversation"),
                conversation.id,
                T(
                    "every turn joins it; nothing is resent",
                    "모든 턴이 여기에 쌓이고 다시 보내지 않음",
                ),
            )
        else:
            teach.value(
                T("previous_response_id", "previous_response_id"),
                response.previous_response_id,
                T(
                    "only the new message is sent; the server holds the rest",
                    "새 메시지만 보내고 나머지는 서버가 보관",
                ),
            )
        if response.usage is not None:
            teach.value(
                T("input tokens", "입력 토큰"),
                response.usage.input_tokens,
                T(
                    "still billed for the whole history; truncation=auto drops the oldest "
                    "items if it outgrows the context window",
                    "전체 기록만큼 청구됨; truncation=auto 는 문맥 창을 넘으면 오래된 항목을 버림",
                ),
            )
        teach.result(response, fields=False)


LESSON = Lesson(
    name="responses",
    order=15,
    summary=T(
        "The Responses API: one-shot, then a chat chained by previous_response_id",
        "Responses API: 한 번의 질문, previous_response_id 로 이어지는 대화",
    ),
    run=run,
    add_arguments=add_arguments,
)

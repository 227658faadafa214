from __future__ import annotations

import argparse

from ...conversation import Conversation
from ..lesson import Context, Lesson
from ..text import T

# The seed's conversation, and one more question so a small budget has something to drop.
SEED_INSTRUCTIONS = "당신은 유용한 조수입니다."
SEED_QUESTIONS = (
    "지도학습은 무엇인가요?",
    "지도 학습에 대해 예제 코드를 만들어 주세요",
    "그럼 비지도 학습은 무엇인가요?",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("questions", nargs="*", default=list(SEED_QUESTIONS))
    parser.add_argument("--budget", type=int, default=150, help="prompt tokens kept at most")
    parser.add_argument("--max-tokens", type=int, default=150)
    parser.add_argument("--model", default="gpt-4o-mini")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    chat = Conversation(
        ctx.client,
        model=args.model,
        instructions=SEED_INSTRUCTIONS,
        token_budget=args.budget,
        max_tokens=args.max_tokens,
    )
    teach.heading(
        T(
            f"Conversation: context kept within {args.budget} prompt tokens",
            f"대화: 프롬프트 {args.budget} 토큰 안에서 문맥 유지",
        )
    )
    for turn, question in enumerate(args.questions, 1):
        dropped = chat.dropped_messages
        answer = chat.say(question)
        completion = chat.last_completion
        assert completion is not None
        teach.say(f"[{turn}] user: {question}")
        teach.say(f"[{turn}] assistant: {answer}")
        teach.value(
            T("messages sent", "보낸 메시지"),
            len(chat.messages) - 1,
            T("the whole history goes with every turn", "매 턴마다 전체 기록을 함께 보냅니다"),
        )
        if completion.usage is not None:
            teach.value(
                T("prompt tokens (server)", "프롬프트 토큰 (서버)"),
                completion.usage.prompt_tokens,
                T("what the turn was billed for", "이 턴에 청구된 입력 토큰"),
            )
        teach.value(
            T("dropped this turn", "이번 턴에 버린 메시지"),
            chat.dropped_messages - dropped,
            T("oldest turns first; the instructions stay", "오래된 턴부터; 지시문은 유지"),
        )
        teach.result(completion, fields=False)


LESSON = Lesson(
    name="conversation",
    order=12,
    summary=T(
        "A conversation that keeps context and trims to a token budget",
        "문맥을 유지하고 토큰 예산에 맞춰 줄이는 대화",
    ),
    run=run,
    add_arguments=add_arguments,
)

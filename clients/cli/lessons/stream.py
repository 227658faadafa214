from __future__ import annotations

import argparse

from ...chat import chunk_text, stream_chunks
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prompt", nargs="?", default="HELLO!")
    parser.add_argument("--instructions", default="You are a helpful assistant.")
    parser.add_argument("--model", default="gpt-4o")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(T("Streaming: the answer piece by piece", "스트리밍: 조각조각 도착하는 응답"))
    pieces: list[str] = []
    chunks = 0
    for chunk in stream_chunks(
        ctx.client, args.prompt, instructions=args.instructions, model=args.model
    ):
        chunks += 1
        teach.result(chunk, fields=False)  # --json: every chunk as it came
        piece = chunk_text(chunk)
        if piece:
            pieces.append(piece)
            teach.say(piece + "|", end="")
    teach.say("")
    teach.value(
        T("chunks", "조각 수"),
        chunks,
        T(
            "the first carries only the role, the last only finish_reason",
            "첫 조각은 role 만, 마지막 조각은 finish_reason 만 담습니다",
        ),
    )
    teach.value(
        T("text pieces", "텍스트 조각"),
        len(pieces),
        T("'|' marks where each ended", "'|' 가 각 조각의 끝"),
    )
    teach.value(T("whole answer", "전체 응답"), "".join(pieces))


LESSON = Lesson(
    name="stream",
    order=11,
    summary=T(
        "Streaming chat: text pieces as they arrive", "스트리밍 채팅: 도착하는 대로 텍스트 조각"
    ),
    run=run,
    add_arguments=add_arguments,
)

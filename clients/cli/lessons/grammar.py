from __future__ import annotations

import argparse
from pathlib import Path

from ...chat import reply_text
from ...prompts import correct_grammar
from ..lesson import Context, Lesson
from ..text import T

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample.txt"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, default=SAMPLE)


def run(ctx: Context) -> None:
    path: Path = ctx.args.file
    completion = correct_grammar(ctx.client, path)
    teach = ctx.teach
    teach.heading(T("Grammar correction of a file, on chat", "채팅으로 파일 문장 교정"))
    teach.say(
        T(
            f"Original Text:\n{path.read_text(encoding='utf-8').strip()}",
            f"원문:\n{path.read_text(encoding='utf-8').strip()}",
        )
    )
    teach.say(T(f"Corrected:\n{reply_text(completion)}", f"교정:\n{reply_text(completion)}"))
    teach.result(completion)


LESSON = Lesson(
    name="grammar",
    order=23,
    summary=T("Correct the grammar of a text file with chat", "채팅으로 텍스트 파일 문법 교정"),
    run=run,
    add_arguments=add_arguments,
)

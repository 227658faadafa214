from __future__ import annotations

import argparse

from ...chat import reply_text
from ...vision import SEED_IMAGE_URL, SEED_QUESTION, describe_image
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("image", nargs="?", default=SEED_IMAGE_URL, help="a URL or a local file")
    parser.add_argument("--question", default=SEED_QUESTION)
    parser.add_argument("--model", default="gpt-4o-mini")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    completion = describe_image(ctx.client, args.image, args.question, model=args.model)
    teach.heading(T("Vision: a question about an image", "비전: 이미지에 대한 질문"))
    teach.value(
        T("image", "이미지"),
        args.image,
        T(
            "a URL is fetched by the server; a local file goes inline as a data URL",
            "URL 은 서버가 가져오고, 로컬 파일은 data URL 로 함께 보냅니다",
        ),
    )
    teach.say(f"user: {args.question}")
    teach.say(f"assistant: {reply_text(completion)}")
    teach.result(completion)


LESSON = Lesson(
    name="vision",
    order=24,
    summary=T("Ask about an image by URL or local file", "URL 또는 로컬 파일 이미지에 대해 질문"),
    run=run,
    add_arguments=add_arguments,
)

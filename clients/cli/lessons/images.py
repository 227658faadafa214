from __future__ import annotations

import argparse
from pathlib import Path

from ...images import SEED_PROMPT, SEED_SIZE, generate_image, save_images
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prompt", nargs="?", default=SEED_PROMPT)
    parser.add_argument("--model", default="dall-e-2")
    parser.add_argument("--size", default=SEED_SIZE)
    parser.add_argument("--out", type=Path, default=Path("."), help="where to save the picture")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    response = generate_image(ctx.client, args.prompt, model=args.model, size=args.size)
    teach.heading(T("Images: a picture from a prompt", "이미지: 프롬프트로 그림 만들기"))
    teach.say(f"prompt: {args.prompt}")
    for item in response.data or []:
        if item.url:
            teach.value(
                T("url", "url"),
                item.url,
                T("signed; it expires after an hour", "서명된 주소이며 한 시간 뒤 만료됩니다"),
            )
        if item.revised_prompt:
            teach.value(
                T("revised_prompt", "revised_prompt"),
                item.revised_prompt,
                T("the prompt as the model rewrote it", "모델이 고쳐 쓴 프롬프트"),
            )
    for path in save_images(response, args.out, "generated"):
        teach.value(T("saved", "저장"), path)
    teach.result(response, fields=False)


LESSON = Lesson(
    name="images",
    order=25,
    summary=T("Generate a picture and save it", "그림을 생성하고 파일로 저장"),
    run=run,
    add_arguments=add_arguments,
)

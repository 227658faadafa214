from __future__ import annotations

import argparse
from typing import Any

from ...images import SEED_PROMPT, generate_image, save_images
from ..lesson import Context, Lesson
from ..text import T
from ._pictures import add_picture_arguments, response_format, teach_format


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prompt", nargs="?", default=SEED_PROMPT)
    parser.add_argument("--model", default="dall-e-2")
    add_picture_arguments(parser)


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    # GPT image models always answer in base64 and take no response_format.
    gpt_image = args.model.startswith("gpt-image")
    formats: dict[str, Any] = {} if gpt_image else {"response_format": response_format(args)}
    response = generate_image(ctx.client, args.prompt, model=args.model, size=args.size, **formats)
    teach.heading(T("Images: a picture from a prompt", "이미지: 프롬프트로 그림 만들기"))
    teach.say(f"prompt: {args.prompt}")
    teach_format(ctx)
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

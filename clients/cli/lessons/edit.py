from __future__ import annotations

import argparse
from pathlib import Path

from ...images import SEED_EDIT_PROMPT, edit_image, save_images, square_mask
from ..lesson import Context, Lesson
from ..text import T
from ._pictures import add_picture_arguments, response_format, source_image, teach_format


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--image", type=Path, help="a square PNG (default: one made first)")
    parser.add_argument("--mask", type=Path, help="a PNG, transparent where to change")
    parser.add_argument("--prompt", default=SEED_EDIT_PROMPT)
    add_picture_arguments(parser)


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(T("Images: a masked edit", "이미지: 마스크로 부분 편집"))
    teach_format(ctx)
    image = source_image(ctx, args.image)
    mask = args.mask or square_mask(image, args.out / "mask.png")
    teach.value(
        T("mask", "마스크"),
        mask,
        T("same size; only its transparent pixels may change", "같은 크기, 투명한 곳만 바뀝니다"),
    )
    response = edit_image(
        ctx.client, image, mask, args.prompt, size=args.size, response_format=response_format(args)
    )
    teach.say(f"prompt: {args.prompt}")
    for path in save_images(response, args.out, "edited"):
        teach.value(T("saved", "저장"), path)
    teach.result(response, fields=False)


LESSON = Lesson(
    name="edit",
    order=26,
    summary=T("Edit a picture where a mask is transparent", "마스크의 투명한 부분만 편집"),
    run=run,
    add_arguments=add_arguments,
)

from __future__ import annotations

import argparse
from pathlib import Path

from ...images import save_images, vary_image
from ..lesson import Context, Lesson
from ..text import T
from ._pictures import add_picture_arguments, response_format, source_image, teach_format


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--image", type=Path, help="a square PNG (default: one made first)")
    parser.add_argument("--n", type=int, default=2, help="how many variations")
    add_picture_arguments(parser)


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(T("Images: variations", "이미지: 변형 만들기"))
    teach_format(ctx)
    image = source_image(ctx, args.image)
    response = vary_image(
        ctx.client, image, n=args.n, size=args.size, response_format=response_format(args)
    )
    teach.say(
        T(
            "No prompt: dall-e-2 draws new pictures like the one sent (the SDK marks "
            "create_variation deprecated, as dall-e-2 is).",
            "프롬프트 없이 dall-e-2 가 보낸 그림과 비슷한 새 그림을 그립니다 (dall-e-2 와 함께 "
            "SDK 의 create_variation 도 폐기 예정입니다).",
        )
    )
    for path in save_images(response, args.out, "variation"):
        teach.value(T("saved", "저장"), path)
    teach.result(response, fields=False)


LESSON = Lesson(
    name="variation",
    order=27,
    summary=T("Variations of a picture (dall-e-2)", "그림의 변형 만들기 (dall-e-2)"),
    run=run,
    add_arguments=add_arguments,
)

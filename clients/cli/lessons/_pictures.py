"""What the three image lessons share: how the pictures come back, and the picture an edit or a
variation starts from when none is given."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...images import SEED_SIZE, generate_image, save_images
from ..lesson import Context
from ..text import T


def add_picture_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", default=SEED_SIZE)
    parser.add_argument("--out", type=Path, default=Path("."), help="where to save the pictures")
    parser.add_argument(
        "--url",
        action="store_true",
        help="ask for signed URLs (then downloaded to be saved) instead of base64 in the answer",
    )


def response_format(args: argparse.Namespace) -> str:
    return "url" if args.url else "b64_json"


def teach_format(ctx: Context) -> None:
    ctx.teach.value(
        T("response_format", "response_format"),
        response_format(ctx.args),
        T(
            "url: a signed link valid for an hour; b64_json: the picture inside the answer",
            "url: 한 시간 유효한 서명 링크, b64_json: 응답 안에 든 그림",
        ),
    )


def source_image(ctx: Context, given: Path | None) -> Path:
    """The picture to start from: the one given, else one generated for the lesson."""
    if given is not None:
        return given
    made = generate_image(
        ctx.client,
        "A wooden box on a kitchen table",
        size=ctx.args.size,
        response_format=response_format(ctx.args),
    )
    path = save_images(made, ctx.args.out, "source")[0]
    ctx.teach.value(T("source image", "원본 이미지"), path)
    return path

from __future__ import annotations

import argparse

from ...tokenizer import DEFAULT_ENCODING, SEED_TEXTS, compare, encoding, pieces
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("texts", nargs="*", default=list(SEED_TEXTS))
    parser.add_argument("--encoding", default=DEFAULT_ENCODING, help="cl100k_base, o200k_base, ...")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    enc = encoding(args.encoding)
    teach.heading(T(f"Tokenizer: {enc.name}", f"토크나이저: {enc.name}"))
    stats = compare(args.texts, enc)
    for text, row in zip(args.texts, stats, strict=True):
        parts = pieces(text, enc)
        teach.say(f"{text!r}")
        teach.value(
            T("tokens", "토큰 수"),
            row.tokens,
            T("what the API counts and bills", "API 가 세고 청구하는 단위"),
        )
        teach.value(
            T("ids", "토큰 id"), [p.token for p in parts], T("encode(text)", "encode(text)")
        )
        teach.value(
            T("decoded", "디코딩"),
            enc.decode([p.token for p in parts]),
            T("decode(ids): lossless", "decode(ids): 손실 없음"),
        )
        teach.value(
            T("pieces", "조각"),
            [p.raw for p in parts],
            T(
                "decode_tokens_bytes: each token's bytes; a Korean syllable may span two",
                "decode_tokens_bytes: 토큰별 바이트, 한글 한 글자가 두 토큰에 걸치기도 함",
            ),
        )
        teach.value(
            T("bytes per token", "토큰당 바이트"),
            f"{row.bytes_per_token:.2f} ({row.characters} chars, {row.utf8_bytes} bytes)",
            T("about 4 for English; less for Korean", "영어는 약 4, 한국어는 더 적음"),
        )
        teach.result(
            {
                "text": text,
                "encoding": enc.name,
                "tokens": [p.token for p in parts],
                "pieces": [list(p.raw) for p in parts],
                "characters": row.characters,
                "utf8_bytes": row.utf8_bytes,
            },
            fields=False,
        )


LESSON = Lesson(
    name="tokenizer",
    order=30,
    summary=T(
        "Count tokens and show the pieces; English vs Korean",
        "토큰 수와 조각 보기; 영어와 한국어 비교",
    ),
    run=run,
    add_arguments=add_arguments,
)

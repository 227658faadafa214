from __future__ import annotations

import argparse
from pathlib import Path

from ...search import EMBEDDING_MODEL, SEED_QUERY, SEED_TEXTS, SemanticIndex
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default=SEED_QUERY)
    parser.add_argument("--text", action="append", dest="texts", help="a text to index (repeat)")
    parser.add_argument("--metric", choices=("ip", "l2"), default="ip")
    parser.add_argument("-k", type=int, default=3, help="how many nearest texts")
    parser.add_argument("--model", default=EMBEDDING_MODEL)
    parser.add_argument("--save", type=Path, help="save the index to this directory")
    parser.add_argument("--load", type=Path, help="search an index saved before")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    if args.load:
        index = SemanticIndex.load(ctx.client, args.load)
    else:
        index = SemanticIndex(ctx.client, model=args.model, metric=args.metric)
        index.add(args.texts or SEED_TEXTS)
    if args.save:
        index.save(args.save)
    hits = index.search(args.query, args.k)
    teach.heading(T("Embeddings and semantic search (Faiss)", "임베딩과 의미 검색 (Faiss)"))
    teach.value(T("indexed", "색인한 문장"), len(index), T(index.model, index.model))
    teach.value(
        T("metric", "거리 척도"),
        index.metric,
        T(
            "ip: cosine similarity, higher is closer; l2: squared distance, lower is closer",
            "ip: 코사인 유사도 (클수록 가까움), l2: 거리 제곱 (작을수록 가까움)",
        ),
    )
    teach.say(f"query: {args.query}")
    for rank, hit in enumerate(hits, 1):
        teach.say(f"  {rank}. [{hit.position}] {hit.score:.4f}  {hit.text}")
        teach.result(
            {"rank": rank, "position": hit.position, "score": hit.score, "text": hit.text},
            fields=False,
        )
    if args.save:
        teach.value(
            T("saved to", "저장 위치"), args.save, T("reload with --load", "--load 로 다시 읽기")
        )


LESSON = Lesson(
    name="embeddings",
    order=40,
    summary=T(
        "Embed texts and search them by meaning with Faiss", "문장을 임베딩하고 Faiss 로 의미 검색"
    ),
    run=run,
    add_arguments=add_arguments,
)

from __future__ import annotations

import argparse

from ...vector_store import DEFAULT_POLL_MS, ask, build_store
from ..lesson import Context, Lesson
from ..text import T

DOCUMENTS = {
    "refunds.md": b"# Refunds\nA customer may return any item within 30 days for a full refund.",
    "shipping.txt": b"Orders ship within two business days; express shipping arrives overnight.",
    "warranty.html": b"<h1>Warranty</h1><p>Every laptop carries a two-year warranty.</p>",
}
QUESTION = "How many days do I have to return an item for a refund?"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default=QUESTION)
    parser.add_argument("-k", type=int, default=3, help="how many chunks to return")
    parser.add_argument("--poll-ms", type=int, default=DEFAULT_POLL_MS, help="poll interval")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(
        T("Vector stores: file search by the server", "벡터 스토어: 서버가 하는 파일 검색")
    )
    store_id = build_store(ctx.client, DOCUMENTS, poll_interval_ms=args.poll_ms)
    store = ctx.client.vector_stores.retrieve(store_id)
    teach.value(
        T("store", "스토어"),
        f"{store.id}: {store.file_counts.completed}/{store.file_counts.total} files",
        T(
            "uploaded, chunked and embedded by the server, not by you",
            "서버가 업로드된 파일을 나누고 임베딩함",
        ),
    )
    teach.say(f"query: {args.query}")
    for rank, found in enumerate(ask(ctx.client, store_id, args.query, k=args.k), 1):
        teach.say(
            f"  {rank}. {found.filename} ({found.score:.3f}): {found.text.replace(chr(10), ' ')}"
        )
    teach.result(store, fields=False)
    ctx.client.vector_stores.delete(store_id)


LESSON = Lesson(
    name="vector-store",
    order=45,
    summary=T(
        "Upload documents into a vector store and search them by meaning",
        "문서를 벡터 스토어에 올리고 의미로 검색",
    ),
    run=run,
    add_arguments=add_arguments,
)

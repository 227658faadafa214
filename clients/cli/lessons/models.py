from __future__ import annotations

import argparse

from ...models import list_models
from ..lesson import Context, Lesson
from ..text import T


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", help="only models for this endpoint, e.g. /v1/embeddings")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    models = list_models(ctx.client)
    if args.endpoint:
        models = [model for model in models if args.endpoint in model.endpoints]
    teach.heading(T("Models and their endpoints", "모델과 엔드포인트"))
    teach.say(
        T(
            "GET /models gives id and owner; the endpoints come from OpenAI's compatibility table.",
            "GET /models 는 id 와 소유자만 줍니다. 엔드포인트는 OpenAI 호환성 표에서 옵니다.",
        )
    )
    for model in models:
        teach.say(f"  {model.id:<40} {model.owned_by:<16} {', '.join(model.endpoints) or '-'}")
        teach.result(
            {
                "id": model.id,
                "owned_by": model.owned_by,
                "created": model.created,
                "endpoints": list(model.endpoints),
            },
            fields=False,
        )
    teach.value(T("models", "모델 수"), len(models))


LESSON = Lesson(
    name="models",
    order=60,
    summary=T("List models with the endpoints each serves", "모델 목록과 각 모델의 엔드포인트"),
    run=run,
    add_arguments=add_arguments,
)

"""Cost of token logprobs per token, in both formats: chat's (``generate.logprobs``, a list of
``{token, logprob, bytes, top_logprobs}``) and the legacy completions' (``resources/completions/
logprobs.py``: tokens, token_logprobs, top_logprobs, text_offset).

Run: ``python tests/bench/bench_logprobs.py [rounds]`` (figures, no asserts). Every call gets
another text and another seed, as users' requests do. The machine changes speed from one
second to the next, so the cases run in alternating rounds and each figure is the median
round; "floor" is what merely building the same number of dicts costs in the same round.
Times are the process's CPU time, so a neighbour's load counts less than with a wall clock.

Chat's logprobs are written straight as JSON (``generate/logprobs_json``), not built as dicts,
so each chat case measures what a request pays for them: drawn and written as the
pretty-printed body has them (its ``logprobs.content``, ready for orjson to copy into the
body); "body" adds the body written around them (``http/render``); "streamed" writes one
chunk's list per token, as a stream does; "objects" builds the dicts (what the Responses API
and a stored completion keep).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import orjson

from mockserver import tokens
from mockserver.generate import text as textgen
from mockserver.generate.logprobs import token_logprobs
from mockserver.resources.chat.render import LOGPROBS_DEPTH
from mockserver.resources.completions import logprobs as legacy

REPLIES = 120  # texts per round, each about 40 tokens
FLOOR = "floor, 5 alternatives"
ENCODING = "o200k_base"


def _replies() -> list[list[int]]:
    questions = ("What is supervised learning?", "지도학습이 무엇인가요?", "Explain overfitting.")
    texts = [
        textgen.reply_text(n, f"{questions[n % 3]} (reader {n})", index=0, language="en")
        for n in range(REPLIES)
    ]
    return [tokens.encode(text, ENCODING) for text in texts]


def _floor(replies: list[list[int]], top: int) -> None:
    # The least any implementation pays: one dict per token and per alternative.
    for ids in replies:
        [
            {
                "token": "x",
                "logprob": -0.5,
                "bytes": [120],
                "top_logprobs": [
                    {"token": "x", "logprob": -0.5, "bytes": [120]} for _ in range(top)
                ],
            }
            for _ in ids
        ]


def _body(content: object) -> bytes:
    # The choices' part of a completion's body around the logprobs, as the body is written.
    choice = {"index": 0, "logprobs": {"content": content, "refusal": None}}
    return orjson.dumps({"choices": [choice]}, option=orjson.OPT_INDENT_2)


def main(rounds: int = 9) -> None:
    replies = _replies()
    n_tokens = sum(len(ids) for ids in replies)
    salt = [0]

    def chat(top: int, *, body: bool = False) -> Callable[[], None]:
        def run() -> None:
            salt[0] += 1
            for seed, ids in enumerate(replies):
                made = token_logprobs(ids, ENCODING, seed * 1000 + salt[0], top=top)
                content = made.json(depth=LOGPROBS_DEPTH)
                if body:
                    _body(content)

        return run

    def streamed(top: int) -> Callable[[], None]:
        def run() -> None:
            salt[0] += 1
            for seed, ids in enumerate(replies):
                made = token_logprobs(ids, ENCODING, seed * 1000 + salt[0], top=top)
                for k in range(len(ids)):
                    made.json(k, k + 1)

        return run

    def objects(top: int) -> Callable[[], None]:
        def run() -> None:
            salt[0] += 1
            for seed, ids in enumerate(replies):
                token_logprobs(ids, ENCODING, seed * 1000 + salt[0], top=top).entries()

        return run

    def completions(top: int) -> Callable[[], None]:
        def run() -> None:
            salt[0] += 1
            for seed, ids in enumerate(replies):
                legacy.build(seed * 1000 + salt[0], ids, ENCODING, top=top, offset=17)

        return run

    cases: dict[str, Callable[[], None]] = {
        FLOOR: lambda: _floor(replies, 5),
        "chat, top_logprobs=0": chat(0),
        "chat, top_logprobs=5": chat(5),
        "chat, top_logprobs=20": chat(20),
        "chat body, top=20": chat(20, body=True),
        "chat streamed, top=20": streamed(20),
        "chat objects, top=20": objects(20),
        "completions, logprobs=0": completions(0),
        "completions, logprobs=5": completions(5),
    }
    for run in cases.values():  # warm up: tokenizer tables and alternative pools
        run()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, run in cases.items():
            started = time.process_time()
            run()
            times[name].append((time.process_time() - started) / n_tokens * 1e6)
    print(f"{REPLIES} replies, {n_tokens} tokens ({ENCODING}) per round, {rounds} rounds")
    floor = times[FLOOR]
    for name, figures in times.items():
        ratios = statistics.median(f / b for f, b in zip(figures, floor, strict=True))
        figures = sorted(figures)
        print(
            f"{name:<26}: {statistics.median(figures):6.2f} µs per token median round"
            f" (rounds {figures[0]:.2f}-{figures[-1]:.2f}); {ratios:.2f} of the floor"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)

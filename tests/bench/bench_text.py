"""Cost of the reply text: µs per call of ``reply_text`` (English, Korean prompts) and of
``detect_language``, the median of several rounds.

Run: python tests/bench/bench_text.py  (printed figures; nothing is asserted).
Every call gets a prompt not seen before (a reader number in it), as a server sees varied
requests, so no cache keyed on the prompt could flatter the figures."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from mockserver.generate.text import detect_language, reply_text

ROUNDS = 7
CALLS = 2000

EN_TEMPLATES = [
    "What is supervised learning? Answer for reader {n}.",
    "Explain how volcanoes form in Iceland, for reader {n}.",
    "Write a short poem about the sea for my friend number {n}.",
    "What are the health benefits of green tea? I am reader {n}.",
    "Tell me about the history of chess in {n} words.",
    "Can you recommend some good books on Korean history? List {n}.",
    "How does photosynthesis work? Question {n}.",
    "Give me {n} tips for better sleep",
]
KO_TEMPLATES = [
    "지도학습은 무엇인가요? 독자 {n}번을 위한 답변을 주세요.",
    "머신러닝에 대해 설명해줘. 질문 {n}번입니다.",
    "파이썬으로 웹 서버를 만드는 방법을 알려주세요 ({n})",
    "제주도 여행 일정을 추천해 주세요. {n}일 동안 머물러요.",
    "체스의 역사에 대해 알려줘, 독자 {n}",
    "딥러닝과 머신러닝의 차이를 설명해 주세요. 질문 {n}",
]


def prompts(templates: list[str], round_: int) -> list[str]:
    start = round_ * CALLS
    return [templates[n % len(templates)].format(n=n) for n in range(start, start + CALLS)]


def per_call_us(call: Callable[[str], object], templates: list[str]) -> float:
    for prompt in prompts(templates, ROUNDS)[:200]:  # warm up (imports, regex caches)
        call(prompt)
    timings = []
    for round_ in range(ROUNDS):
        batch = prompts(templates, round_)
        started = time.perf_counter()
        for prompt in batch:
            call(prompt)
        timings.append((time.perf_counter() - started) / len(batch) * 1e6)
    return statistics.median(timings)


def main() -> None:
    def reply(prompt: str) -> str:
        return reply_text(7, prompt)

    cases = [
        ("reply_text, English prompts", reply, EN_TEMPLATES),
        ("reply_text, Korean prompts", reply, KO_TEMPLATES),
        ("detect_language, English prompts", detect_language, EN_TEMPLATES),
        ("detect_language, Korean prompts", detect_language, KO_TEMPLATES),
    ]
    for label, call, templates in cases:
        print(f"{label}: {per_call_us(call, templates):.1f} µs per call (median of {ROUNDS})")


if __name__ == "__main__":
    main()

from __future__ import annotations

from ...prompts import SEED_ARTICLE, summarise, summary_prompt
from ..text import T
from ._completions import completion_lesson

LESSON = completion_lesson(
    name="summarise",
    order=21,
    summary=T("Summarising on legacy completions", "레거시 completions 로 요약"),
    label="요약 텍스트:",
    example=SEED_ARTICLE,
    prompt_of=summary_prompt,
    call=summarise,
)

from __future__ import annotations

from ...prompts import SEED_KOREAN_SENTENCE, translate, translation_prompt
from ..text import T
from ._completions import completion_lesson

LESSON = completion_lesson(
    name="translate",
    order=22,
    summary=T("Korean to English on legacy completions", "레거시 completions 로 한영 번역"),
    label="번역 텍스트:",
    example=SEED_KOREAN_SENTENCE,
    prompt_of=translation_prompt,
    call=translate,
)

from __future__ import annotations

from ...prompts import SEED_QUESTION, answer_question
from ..text import T
from ._completions import completion_lesson

LESSON = completion_lesson(
    name="qa",
    order=20,
    summary=T("Question answering on legacy completions", "레거시 completions 로 질의응답"),
    label="응답 텍스트:",
    example=SEED_QUESTION,
    prompt_of=lambda question: question,
    call=answer_question,
)

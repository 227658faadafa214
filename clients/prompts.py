"""Prompt engineering on the legacy completions endpoint (the seed's question answering,
summarising and translating), and grammar correction of a file with chat.

The legacy endpoint takes one prompt string and continues it; the task is said in the prompt
itself, which is the lesson: the same model does different work for different instructions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openai import OpenAI
from openai.types import Completion
from openai.types.chat import ChatCompletion

INSTRUCT_MODEL = "gpt-3.5-turbo-instruct"
GRAMMAR_MODEL = "gpt-4o-mini"

# The seed's examples.
SEED_QUESTION = "인공지능에 대해 알려주세요"
SEED_ARTICLE = (
    "인공지능(Artificial Intelligence, AI)은 인간의 "
    "지능을 모방하거나 대체하는 기술을 말합니다. 인공지능은 컴퓨터 프로그램이나 "
    "시스템을 통해 인간의 학습, 추론, 문제 해결 등의 지능적인 작업을 "
    "수행할 수 있도록 만들어진 기술입니다.인공지능은 크게 강한 인공지능과 "
    "약한 인공지능으로 나뉩니다. 강한 인공지능은 인간과 동일하거나 그 이상의 "
    "지능을 가지며, 모든 종류의 작업을 수행할 수 있습니다. 반면 약한 "
    "인공지능은 특정한 작업에만 특화된 지능을 가지며, 인간의 지능과는 차이가 "
    "있습니다. 인공지능은 다양한 분야에서 활용되고 있습니다. 예를 들어 "
    "음성 인식 기술을 이용한 인공지능 스피커, 이미지 인식 기술을 이용한 "
    "얼굴 인식 소프트웨어, 자율주행 자동차 등이 있습니다. 또한 인공지능은 "
    "의료, 금융, 교육 등 다양한 분야에서도 활용되고 있으며, 더 나은 "
    "서비스를 제공하기 위해 계속 발전하고 있습니다. 하지만 인공지능은 아직 "
    "완벽하지 않으며, 인간의 지능을 완전히 대체할 수는 없습니다. 따라서 "
    "인공지능을 개발하고 활용하는 과정에서 윤리적인 문제나 안전 문제 등을 "
    "고려해야 합니다. "
)
SEED_KOREAN_SENTENCE = "대한민국의 민주주의는 국민이 지킵니다."


def summary_prompt(text: str) -> str:
    """The seed's pattern: the text, then the instruction at its end."""
    return f"{text}\n\n Summarize the above text. "


def translation_prompt(text: str) -> str:
    """The seed's pattern: an instruction, the Korean text, then the English label left open
    for the model to continue."""
    return f" 한국어를 영어로 번역합니다. 한국어 : {text} 영어 : "


def complete(client: OpenAI, prompt: str, **params: Any) -> Completion:
    params.setdefault("temperature", 0)
    completion: Completion = client.completions.create(
        model=params.pop("model", INSTRUCT_MODEL), prompt=prompt, **params
    )
    return completion


def answer_question(client: OpenAI, question: str, *, max_tokens: int = 50) -> Completion:
    return complete(client, question, max_tokens=max_tokens)


def summarise(client: OpenAI, text: str, *, max_tokens: int = 500) -> Completion:
    return complete(client, summary_prompt(text), max_tokens=max_tokens)


def translate(client: OpenAI, text: str) -> Completion:
    return complete(client, translation_prompt(text))


def completion_text(completion: Completion) -> str:
    return completion.choices[0].text.strip()


def correct_grammar(client: OpenAI, path: Path, *, max_tokens: int = 150) -> ChatCompletion:
    """The seed's grammar lesson: a file's text sent to chat with the seed's settings."""
    text = path.read_text(encoding="utf-8")
    completion: ChatCompletion = client.chat.completions.create(
        model=GRAMMAR_MODEL,
        messages=[
            {"role": "system", "content": "You are a creative writer."},
            {"role": "user", "content": f"Correct the grammar: {text}"},
        ],
        temperature=0.2,
        max_tokens=max_tokens,
        top_p=1.0,
        frequency_penalty=0.0,
        presence_penalty=0.0,
    )
    return completion


SAMPLE_TEXT = "She go to school every days and dont like her homeworks.\n"

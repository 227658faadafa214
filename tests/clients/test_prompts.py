from __future__ import annotations

from pathlib import Path

from openai import OpenAI
from starlette.testclient import TestClient

from clients.chat import reply_text
from clients.prompts import (
    SEED_ARTICLE,
    SEED_KOREAN_SENTENCE,
    SEED_QUESTION,
    answer_question,
    completion_text,
    correct_grammar,
    summarise,
    summary_prompt,
    translate,
    translation_prompt,
)

from .conftest import journal

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_38190c74cf3b94af.txt"


def test_the_prompts_are_the_seeds_word_for_word() -> None:
    assert summary_prompt(SEED_ARTICLE).endswith("고려해야 합니다. \n\n Summarize the above text. ")
    assert translation_prompt(SEED_KOREAN_SENTENCE) == (
        " 한국어를 영어로 번역합니다. 한국어 : 대한민국의 민주주의는 국민이 지킵니다. 영어 : "
    )
    if SEED.is_file():  # beside the checkout; the strings above hold without it
        seed = SEED.read_text(encoding="utf-8")
        assert SEED_ARTICLE in seed and SEED_QUESTION in seed
        assert translation_prompt(SEED_KOREAN_SENTENCE) in seed


def test_question_answering(client: OpenAI, mock_http: TestClient) -> None:
    completion = answer_question(client, SEED_QUESTION)
    assert completion_text(completion)
    sent = journal(mock_http, "/v1/completions")[-1]["body"]
    assert sent == {
        "model": "gpt-3.5-turbo-instruct", "prompt": SEED_QUESTION, "temperature": 0,
        "max_tokens": 50,
    }  # fmt: skip


def test_summary_and_translation(client: OpenAI, mock_http: TestClient) -> None:
    summary = summarise(client, SEED_ARTICLE)
    assert 0 < len(completion_text(summary)) < len(SEED_ARTICLE)
    english = completion_text(translate(client, SEED_KOREAN_SENTENCE))
    assert english.isascii() and english
    sent = journal(mock_http, "/v1/completions")
    assert sent[0]["body"]["prompt"] == summary_prompt(SEED_ARTICLE)
    assert "max_tokens" not in sent[1]["body"]  # the seed leaves it to the default


def test_grammar_correction_of_a_file(
    client: OpenAI, mock_http: TestClient, tmp_path: Path
) -> None:
    sample = tmp_path / "sample.txt"
    sample.write_text("she go to school every days.", encoding="utf-8")
    assert reply_text(correct_grammar(client, sample))
    sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]
    assert sent["messages"][1] == {
        "role": "user",
        "content": "Correct the grammar: she go to school every days.",
    }
    assert (sent["temperature"], sent["max_tokens"], sent["top_p"]) == (0.2, 150, 1.0)

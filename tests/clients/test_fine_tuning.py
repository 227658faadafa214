"""The fine-tuning script end to end against the mock: upload a JSONL file, fine-tune, poll to
succeeded, chat with the fine-tuned model, delete it, then chat gives the 404."""

from __future__ import annotations

import json

import openai
import pytest
from openai import OpenAI

from clients.cli.lessons.fine_tuning import EXAMPLES  # the lesson's examples: one copy
from clients.fine_tuning import ask, forget, start, to_jsonl, wait


def test_jsonl_is_one_object_a_line() -> None:
    lines = to_jsonl(EXAMPLES[:2]).splitlines()
    assert [json.loads(line) for line in lines] == EXAMPLES[:2]


def test_upload_tune_poll_chat_delete(client: OpenAI) -> None:
    slept: list[float] = []
    job = start(client, EXAMPLES, suffix="marv")
    seen = wait(client, job, every=30, sleep=slept.append)
    assert [j.status for j in seen] == ["validating_files", "queued", "running", "succeeded"]
    assert slept == [30, 30, 30]  # polled, never slept for real
    model = seen[-1].fine_tuned_model
    assert model is not None and model.startswith("ft:gpt-4o-mini-2024-07-18:")
    assert ":marv:" in model
    assert ask(client, model, "What is 2 + 2?")
    assert model in {m.id for m in client.models.list()}
    assert forget(client, model)
    with pytest.raises(openai.NotFoundError) as gone:
        ask(client, model, "Still there?")
    assert gone.value.code == "model_not_found"

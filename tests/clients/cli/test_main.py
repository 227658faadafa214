"""Every lesson through the command line's ``main``, in process against the mock."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from clients.cli import EXIT_FAILED, EXIT_USAGE, main
from clients.cli.lessons import all_lessons
from clients.config import mask

from ..conftest import SECRET
from .quick import QUICK

# The errors lesson holds a request (the timeout demonstration) and waits out a retry-after:
# it runs over a real socket in test_served.py, not here.
IN_PROCESS = [lesson.name for lesson in all_lessons() if lesson.name != "errors"]


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the caller's is read
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)


def run(mock_http: TestClient, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["--base-url", "http://mock/v1", *argv], http_client=mock_http, out=out)
    return status, out.getvalue()


@pytest.mark.parametrize("lesson", IN_PROCESS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lesson_runs_and_never_shows_the_key(
    lesson: str,
    lang: str,
    mock_http: TestClient,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        status, out = run(mock_http, "--lang", lang, "-v", lesson, *QUICK.get(lesson, []))
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert out.startswith("== ")
    for text in (out, captured.out, captured.err, caplog.text):
        assert SECRET not in text


@pytest.mark.parametrize("lesson", IN_PROCESS)
def test_json_prints_only_raw_objects(lesson: str, mock_http: TestClient) -> None:
    status, out = run(mock_http, "--json", lesson, *QUICK.get(lesson, []))
    assert status == 0
    lines = out.splitlines()
    assert lines
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_the_teaching_output_explains_fields(mock_http: TestClient) -> None:
    _, english = run(mock_http, "chat")
    assert "usage.prompt_tokens = " in english and "tokens read (billed as input)" in english
    _, korean = run(mock_http, "--lang", "ko", "chat")
    assert "프롬프트에 사용된 토큰 수" in korean


def test_the_lessons_results(mock_http: TestClient) -> None:
    assert "sunny" in run(mock_http, "tools")[1]
    _, search = run(mock_http, "embeddings", "-k", "1")
    assert "1. [3]" in search and "오늘 날씨가 화창합니다" in search
    _, conversation = run(mock_http, "conversation", "--budget", "150")
    assert "dropped this turn: 2" in conversation
    _, cost = run(mock_http, "cost")
    assert "not sent" in cost
    _, config = run(mock_http, "config")
    assert mask(SECRET) in config


def test_the_newer_lessons_results(mock_http: TestClient) -> None:
    _, responses = run(mock_http, "responses", "one", "two")
    assert responses.count("previous_response_id: resp_") == 1  # turn 2 chains to turn 1
    _, conversation = run(mock_http, "responses", "--conversation", "one")
    assert "conversation: conv_" in conversation and "previous_response_id:" not in conversation
    assert "sunny" in run(mock_http, "responses-tools")[1]
    assert "sunny" in run(mock_http, "responses-tools", "--conversation")[1]
    _, raw = run(mock_http, "assistants-http")
    assert "status: 200" in raw and 'name = "Your Assistant Name"' in raw and "deleted: True" in raw
    _, sdk = run(mock_http, *["assistants", *QUICK["assistants"]])
    assert "requires_action" in sdk and "completed" in sdk and "sunny" in sdk
    assert "2026-08-26" in sdk
    _, store = run(mock_http, "vector-store", "-k", "1", *QUICK["vector-store"])
    assert "1. refunds.md" in store and "2." not in store
    _, batch = run(mock_http, "batch", "-n", "2", *QUICK["batch"])
    assert "2/2 completed, 0 failed" in batch and "request-1: What is 1 + 1? -> 1 + 1 = 2." in batch
    _, tuned = run(mock_http, "fine-tuning", *QUICK["fine-tuning"])
    assert "-> succeeded" in tuned and ":marv:" in tuned and "deleted: True" in tuned


def test_embeddings_save_then_load(mock_http: TestClient, tmp_path: Path) -> None:
    assert run(mock_http, "embeddings", "--save", str(tmp_path / "idx"))[0] == 0
    status, out = run(mock_http, "embeddings", "--load", str(tmp_path / "idx"), "-k", "1")
    assert status == 0 and "오늘 날씨가 화창합니다" in out


def test_no_key_is_a_usage_error(
    mock_http: TestClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    assert run(mock_http, "chat")[0] == EXIT_USAGE
    assert "OPENAI_API_KEY" in capsys.readouterr().err


def test_a_key_in_a_dotenv_file(mock_http: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    Path(".env").write_text(f"OPENAI_API_KEY={SECRET}\n", encoding="utf-8")
    assert run(mock_http, "config")[0] == 0


def test_an_api_error_is_explained_with_the_key_masked(
    mock_http: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    mock_http.post("/__mock__/keys", json={"api_keys": ["sk-the-only-good-key-000"]})
    status, _ = run(mock_http, "--lang", "ko", "chat")
    err = capsys.readouterr().err
    assert status == EXIT_FAILED
    assert "AuthenticationError" in err and "OPENAI_API_KEY" in err
    assert SECRET not in err


def test_a_raw_http_error_is_reported_with_the_key_masked(
    mock_http: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    mock_http.post("/__mock__/keys", json={"api_keys": ["sk-the-only-good-key-000"]})
    status, out = run(mock_http, "assistants-http")
    err = capsys.readouterr().err
    assert status == EXIT_FAILED and "status: 401" in out
    assert "HTTP 401: Incorrect API key provided" in err
    assert SECRET not in out + err


def test_a_missing_file_is_reported(
    mock_http: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(mock_http, "grammar", "no-such-file.txt")[0] == EXIT_FAILED
    assert "no-such-file.txt" in capsys.readouterr().err


def test_help_lists_every_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for lesson in all_lessons():
        assert f"    {lesson.name} " in out

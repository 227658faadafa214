"""``python -m clients <lesson>`` as a user runs it: a separate process whose only link to
the mock, served on a loopback port, is its environment (none of the caller's OPENAI_*)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clients.cli.lessons import all_lessons
from mockserver import Settings, create_app
from mockserver.testing.server import ServerThread

from ..conftest import SECRET
from .quick import QUICK

ROOT = Path(__file__).resolve().parents[3]
EXTRA = QUICK

pytestmark = pytest.mark.socket


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with ServerThread(create_app(Settings(seed=0))) as server:
        yield server.url + "/v1"


@pytest.fixture
def env(served: str, tiktoken_cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        OPENAI_BASE_URL=served,
        OPENAI_API_KEY=SECRET,
        TIKTOKEN_CACHE_DIR=str(tiktoken_cache),
        PYTHONPATH=str(ROOT),
        HTTPS_PROXY="http://127.0.0.1:9",  # a dead proxy: nothing may leave the machine
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def clients(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clients", *argv],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("lesson", [lesson.name for lesson in all_lessons()])
def test_every_lesson_exits_0_against_the_served_mock(
    lesson: str, env: dict[str, str], tmp_path: Path
) -> None:
    result = clients(env, tmp_path, lesson, *EXTRA.get(lesson, []))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("== ")
    assert SECRET not in result.stdout + result.stderr


def test_the_errors_lesson_shows_each_error(env: dict[str, str], tmp_path: Path) -> None:
    out = clients(env, tmp_path, "errors", "--max-wait", "0").stdout
    shown = [
        "BadRequestError (HTTP 400)", "param: temperature", "NotFoundError (HTTP 404)",
        "APITimeoutError", "RateLimitError (HTTP 429)", "then it went through",
    ]  # fmt: skip
    for text in shown:
        assert text in out, out


def test_base_url_on_the_command_line(served: str, env: dict[str, str], tmp_path: Path) -> None:
    del env["OPENAI_BASE_URL"]
    result = clients(env, tmp_path, "--base-url", served, "models")
    assert result.returncode == 0 and "gpt-4o " in result.stdout


def test_help(env: dict[str, str], tmp_path: Path) -> None:
    result = clients(env, tmp_path, "--help")
    assert result.returncode == 0
    assert all(lesson.name in result.stdout for lesson in all_lessons())


def _readme_section() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8").split("## Client library", 1)[1]


def test_the_readme_example_runs_as_written(env: dict[str, str], tmp_path: Path) -> None:
    section = _readme_section()
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "sunny" in result.stdout


def test_the_readme_lists_every_lesson() -> None:
    listed = _readme_section().split("lists the lessons: `", 1)[1].split("`", 1)[0].split()
    assert listed == [lesson.name for lesson in all_lessons()]

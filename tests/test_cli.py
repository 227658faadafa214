from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

from mockserver.cli import main
from mockserver.testing.server import free_port


def test_env_prints_three_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", "--port", "9999", "--cache-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "export OPENAI_BASE_URL=http://127.0.0.1:9999/v1",
        "export OPENAI_API_KEY=sk-mock",
        f"export TIKTOKEN_CACHE_DIR={tmp_path}",
    ]


def test_plain_tiktoken_works_offline_after_env(tmp_path: Path) -> None:
    shell = (
        f'eval "$({sys.executable} -m mockserver env --cache-dir {tmp_path})"; '
        f'{sys.executable} -c "import tiktoken; '
        "print(tiktoken.get_encoding('cl100k_base').encode('Good Morning'))\""
    )
    # Any attempt at the network would go to a dead proxy and fail.
    env = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    out = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[15571, 29084]"


@pytest.mark.socket
def test_serve_prints_the_base_url_and_answers(tmp_path: Path) -> None:
    port = free_port()
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver",
            "--port",
            str(port),
            "--seed",
            "3",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        _check_served(proc, port)


def _check_served(proc: subprocess.Popen[str], port: int) -> None:
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == f"OpenAI mock server: http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx2.get(
                    f"http://127.0.0.1:{port}/v1/models", headers={"Authorization": "Bearer x"}
                )
                break
            except httpx2.ConnectError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.status_code == 200
        assert {
            "id": "gpt-4o",
            "object": "model",
            "created": 1715367049,
            "owned_by": "system",
        } in response.json()["data"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_config_file_sets_keys_and_rules(tmp_path: Path) -> None:
    from mockserver.settings import load_config, settings_from_config

    path = tmp_path / "mock.json"
    path.write_text(
        '{"seed": 5, "api_keys": ["sk-a"], "rules": [{"match": {}, "reply": {"content": "x"}}]}'
    )
    settings = settings_from_config(load_config(path), seed=None, port=1234)
    assert (settings.seed, settings.api_keys, settings.port) == (5, ("sk-a",), 1234)
    assert len(settings.rules) == 1


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"sed": 1}', "invalid --config {path}: unknown key 'sed'"),
        ("{nope", "invalid --config {path}: Expecting property name"),
        ('{"seed": "one"}', "invalid --config {path}: 'seed' must be int, not 'one'"),
        ('{"rules": [{"match": {"regex": "("}, "reply": {}}]}', "'regex' does not compile"),
        ('{"rules": [{"match": {"x": 1}, "reply": {}}]}', "a rule's 'match' takes only"),
        (None, "cannot read --config {path}: No such file or directory"),
    ],
)
def test_a_bad_config_is_one_line_and_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, says: str
) -> None:
    path = tmp_path / "mock.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["--config", str(path), "--port", str(free_port())]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no banner for a server that never started
    assert err.count("\n") == 1 and err.startswith("mockserver: ")
    assert says.format(path=path) in err


def test_a_busy_port_is_one_line_and_exit_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"mockserver: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_several_workers_need_a_state_dir(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workers", "2", "--port", str(free_port())]) == 2
    assert capsys.readouterr().err == (
        "mockserver: --workers 2 needs --state-dir DIR: workers share their state through it, "
        "and memory cannot be shared\n"
    )


def test_an_unusable_state_dir_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--state-dir", str(blocker / "state"), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith(f"mockserver: cannot use --state-dir {blocker / 'state'}:")
        and err.count("\n") == 1
    )


def test_settings_travel_to_workers_as_json(tmp_path: Path) -> None:
    from mockserver.clock import FixedClock
    from mockserver.settings import Settings, settings_from_json, settings_to_json

    settings = Settings(
        seed=4, state_dir=str(tmp_path), workers=2, lifecycle="instant", api_keys=("sk-a",),
        rules=({"match": {}, "reply": {"content": "x"}},), clock=FixedClock(5),
    )  # fmt: skip
    again = settings_from_json(settings_to_json(settings))
    assert again == settings and again.clock.now() == 5


def test_retired_apis_from_the_flag_and_the_config(tmp_path: Path) -> None:
    from mockserver.cli import _serve_parser, _settings
    from mockserver.settings import Settings, settings_from_json, settings_to_json

    assert _settings(_serve_parser().parse_args([])).retired_apis is False
    assert _settings(_serve_parser().parse_args(["--retired-apis"])).retired_apis is True
    path = tmp_path / "mock.json"
    path.write_text('{"retired_apis": true}', encoding="utf-8")
    assert _settings(_serve_parser().parse_args(["--config", str(path)])).retired_apis is True
    path.write_text('{"retired_apis": "yes"}', encoding="utf-8")
    with pytest.raises(Exception, match="'retired_apis' must be bool"):
        _settings(_serve_parser().parse_args(["--config", str(path)]))
    path.write_text('{"workers": true}', encoding="utf-8")  # a bool is still no int
    with pytest.raises(Exception, match="'workers' must be int"):
        _settings(_serve_parser().parse_args(["--config", str(path)]))
    retired = Settings(retired_apis=True)
    assert settings_from_json(settings_to_json(retired)).retired_apis is True

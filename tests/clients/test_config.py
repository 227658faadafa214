from __future__ import annotations

import logging
from pathlib import Path

import pytest
from openai import OpenAI

from clients.config import (
    DEFAULT_BASE_URL,
    ApiKey,
    ClientConfig,
    ConfigError,
    KeyRedactingFilter,
    make_client,
    mask,
    resolve_config,
)

from .conftest import SECRET


def test_arguments_beat_the_environment_which_beats_the_dotenv_file(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "OPENAI_API_KEY=sk-from-dotenv-000000\nOPENAI_BASE_URL=http://dotenv/v1\n"
        "OPENAI_PROJECT_ID=proj_dotenv\n",
        encoding="utf-8",
    )
    env = {"OPENAI_API_KEY": "sk-from-environ-00000", "OPENAI_BASE_URL": "http://environ/v1/"}
    config = resolve_config(base_url="http://argument/v1", environ=env, dotenv_path=dotenv)
    assert config.base_url == "http://argument/v1"
    assert config.api_key.reveal() == "sk-from-environ-00000"
    assert config.project == "proj_dotenv"
    only_file = resolve_config(environ={}, dotenv_path=dotenv)
    assert only_file.api_key.reveal() == "sk-from-dotenv-000000"
    assert only_file.base_url == "http://dotenv/v1"


def test_defaults_without_settings() -> None:
    config = resolve_config(api_key=SECRET, environ={}, dotenv_path=None)
    assert config.base_url == DEFAULT_BASE_URL
    assert (config.timeout, config.max_retries, config.organization) == (60.0, 2, None)


def test_timeouts_and_retries_from_the_environment() -> None:
    env = {"OPENAI_API_KEY": SECRET, "OPENAI_TIMEOUT": "2.5", "OPENAI_MAX_RETRIES": "4"}
    config = resolve_config(environ=env, dotenv_path=None)
    assert (config.timeout, config.max_retries) == (2.5, 4)


@pytest.mark.parametrize(
    ("name", "value"),
    [("OPENAI_TIMEOUT", "soon"), ("OPENAI_TIMEOUT", "-1"), ("OPENAI_TIMEOUT", "nan"),
     ("OPENAI_MAX_RETRIES", "1.5"), ("OPENAI_MAX_RETRIES", "inf")],
)  # fmt: skip
def test_a_malformed_number_is_a_config_error(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name.removeprefix("OPENAI_").lower()):
        resolve_config(environ={"OPENAI_API_KEY": SECRET, name: value}, dotenv_path=None)


def test_no_key_anywhere_says_where_to_put_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        resolve_config(environ={}, dotenv_path=tmp_path / "absent.env")


def test_the_key_prints_masked_everywhere() -> None:
    config = ClientConfig(api_key=ApiKey(SECRET))
    for text in (repr(config), str(config), f"{config.api_key}", repr(config.api_key)):
        assert SECRET not in text
        assert mask(SECRET) in text
    assert mask(SECRET) == "sk-...3a9c"
    assert mask("short") == "***"
    assert config.api_key.redact(f"key={SECRET}!") == f"key={mask(SECRET)}!"


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ConfigError):
        ApiKey("  ")


def test_the_logging_filter_masks_the_key_in_any_logger(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(KeyRedactingFilter(ApiKey(SECRET)))
    with caplog.at_level(logging.INFO):
        logging.getLogger("anything.below.root").info("sending with %s", SECRET)
    assert SECRET not in caplog.text
    assert mask(SECRET) in caplog.text


def test_make_client_passes_every_setting_to_the_sdk() -> None:
    config = ClientConfig(
        api_key=ApiKey(SECRET),
        base_url="http://127.0.0.1:9/v1",
        organization="org-x",
        project="proj_y",
        timeout=3.0,
        max_retries=1,
    )
    client = make_client(config)
    assert isinstance(client, OpenAI)
    assert str(client.base_url) == "http://127.0.0.1:9/v1/"
    assert (client.organization, client.project) == ("org-x", "proj_y")
    assert (client.timeout, client.max_retries, client.api_key) == (3.0, 1, SECRET)


def test_a_client_on_the_mock_answers(client: OpenAI) -> None:
    assert any(model.id == "gpt-4o" for model in client.models.list())

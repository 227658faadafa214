"""Where a client's settings come from, and the API key kept out of sight.

Each setting is taken from the first place that has it: an explicit argument, the process
environment, then a ``.env`` file. The key is held in an :class:`ApiKey`, whose ``repr`` and
``str`` show only a masked form, so printing a config, logging it or putting it in an error
message never leaks it; :func:`make_client` is the one place it is revealed (to the SDK).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from dotenv import dotenv_values
from openai import OpenAI

# The SDK's own default, spelled out so a config always says where it points.
DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_MAX_RETRIES = 2

# The variables the official SDK reads, and two of this library's own.
ENV_API_KEY = "OPENAI_API_KEY"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_ORGANIZATION = "OPENAI_ORG_ID"
ENV_PROJECT = "OPENAI_PROJECT_ID"
ENV_TIMEOUT = "OPENAI_TIMEOUT"
ENV_MAX_RETRIES = "OPENAI_MAX_RETRIES"


class ConfigError(ValueError):
    """A setting is missing or malformed (the message never holds the key)."""


def mask(secret: str) -> str:
    """``sk-...wxyz``: enough to tell two keys apart, not enough to use one."""
    if len(secret) < 12:
        return "***"
    return f"{secret[:3]}...{secret[-4:]}"


class ApiKey:
    """An API key that prints masked; :meth:`reveal` is the only way to the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not value.strip():
            raise ConfigError("the API key is empty")
        self._value = value.strip()

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the key replaced by its masked form."""
        return text.replace(self._value, mask(self._value))

    def __repr__(self) -> str:
        return f"ApiKey({mask(self._value)!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("ApiKey", self._value))


@dataclass(frozen=True)
class ClientConfig:
    api_key: ApiKey
    base_url: str = DEFAULT_BASE_URL
    organization: str | None = None
    project: str | None = None
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    max_retries: int = DEFAULT_MAX_RETRIES


def read_dotenv(path: Path) -> dict[str, str]:
    """The ``KEY=value`` pairs of a ``.env`` file (python-dotenv's parser); none if absent."""
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def resolve_config(
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = Path(".env"),
) -> ClientConfig:
    """Arguments first, then ``environ`` (default: the process environment), then the
    ``.env`` file (``None``: no file). No key anywhere is a :class:`ConfigError`."""
    env = os.environ if environ is None else environ
    dotenv = read_dotenv(dotenv_path) if dotenv_path is not None else {}

    def pick(explicit: Any, name: str) -> str | None:
        if explicit is not None:
            return str(explicit)
        value = env.get(name) or dotenv.get(name)
        return value or None

    key = pick(api_key, ENV_API_KEY)
    if key is None:
        raise ConfigError(
            f"no API key: pass one, set {ENV_API_KEY} in the environment or put it in a .env file"
        )
    return ClientConfig(
        api_key=ApiKey(key),
        base_url=(pick(base_url, ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/"),
        organization=pick(organization, ENV_ORGANIZATION),
        project=pick(project, ENV_PROJECT),
        timeout=_number(pick(timeout, ENV_TIMEOUT), DEFAULT_TIMEOUT_SECONDS, "timeout"),
        max_retries=int(
            _number(
                pick(max_retries, ENV_MAX_RETRIES), DEFAULT_MAX_RETRIES, "max_retries", whole=True
            )
        ),
    )


def _number(text: str | None, default: float, name: str, *, whole: bool = False) -> float:
    if text is None:
        return default
    kind = "a whole number" if whole else "a number"
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name} must be {kind}, not {text!r}") from None
    if not 0 <= value < float("inf") or (whole and not value.is_integer()):
        raise ConfigError(f"{name} must be {kind} from 0 up, not {text!r}")
    return value


def make_client(config: ClientConfig, *, http_client: httpx2.Client | None = None) -> OpenAI:
    """The official SDK client for ``config``; ``http_client`` swaps the transport (tests
    pass one bound to the mock in process). Nothing here looks at which server it is."""
    return OpenAI(
        api_key=config.api_key.reveal(),
        base_url=config.base_url,
        organization=config.organization,
        project=config.project,
        timeout=config.timeout,
        max_retries=config.max_retries,
        http_client=http_client,
    )


class KeyRedactingFilter(logging.Filter):
    """A logging filter that masks the key in every record it sees (message and arguments
    rendered first). Attach it to a handler so records from every logger pass through it."""

    def __init__(self, key: ApiKey) -> None:
        super().__init__()
        self._key = key

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._key.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True

"""Frozen settings, built from the CLI or a config file; nothing here reads the environment."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clock import Clock, SystemClock

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# The real API refuses bodies over roughly this size on JSON endpoints.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    seed: int = 0
    api_keys: tuple[str, ...] = ()  # empty: any non-empty key is accepted
    rules: tuple[Mapping[str, Any], ...] = ()  # scripted replies (see rules.py)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    organization: str = "org-mockserver"
    journal_size: int = 200
    timeout_fault_seconds: float = 30.0
    clock: Clock = field(default_factory=SystemClock, compare=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"


def load_config(path: Path) -> dict[str, Any]:
    """A config file: JSON (or YAML, when PyYAML is installed) with ``rules`` and options."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        import yaml  # optional: only for YAML configs

        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a config file holds an object")
    return data


def settings_from_config(data: Mapping[str, Any], **overrides: Any) -> Settings:
    """Settings from a config mapping; explicit overrides (CLI flags) win."""
    values: dict[str, Any] = {}
    for key in ("seed", "organization", "max_body_bytes", "journal_size", "timeout_fault_seconds"):
        if key in data:
            values[key] = data[key]
    if "api_keys" in data:
        values["api_keys"] = tuple(data["api_keys"])
    if "rules" in data:
        values["rules"] = tuple(data["rules"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)

"""Frozen settings, built from the CLI or a config file; nothing here reads the environment."""

from __future__ import annotations

import dataclasses
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
    # Objects and uploaded bytes persist in SQLite plus files under this folder (None: memory).
    state_dir: str | None = None
    workers: int = 1  # more than one needs state_dir: memory cannot be shared
    lifecycle: str = "poll"  # instant | poll | realtime (see state/lifecycle.py)
    # Answer the APIs the real one has retired (Assistants, 2026-08-26) as it does now.
    retired_apis: bool = False
    clock: Clock = field(default_factory=SystemClock, compare=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"


def load_config(path: Path) -> dict[str, Any]:
    """A config file: JSON (or YAML, when PyYAML is installed) with ``rules`` and options."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        import yaml  # optional: only for YAML configs

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValueError(str(exc).replace("\n", " ")) from None
    else:
        data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a config file holds an object")
    return data


LIFECYCLES = ("instant", "poll", "realtime")

# The keys a config file may hold, and what each must be.
CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "seed": (int,),
    "organization": (str,),
    "max_body_bytes": (int,),
    "journal_size": (int,),
    "timeout_fault_seconds": (int, float),
    "api_keys": (list,),
    "rules": (list,),
    "state_dir": (str,),
    "workers": (int,),
    "lifecycle": (str,),
    "retired_apis": (bool,),
}


def _check_config(data: Mapping[str, Any]) -> None:
    for key, value in data.items():
        kinds = CONFIG_KEYS.get(key)
        if kinds is None:
            raise ValueError(f"unknown key {key!r} (known: {', '.join(CONFIG_KEYS)})")
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            wanted = " or ".join(kind.__name__ for kind in kinds)
            raise ValueError(f"{key!r} must be {wanted}, not {value!r}")
    lifecycle = data.get("lifecycle", "poll")
    if lifecycle not in LIFECYCLES:
        raise ValueError(f"'lifecycle' must be one of {', '.join(LIFECYCLES)}, not {lifecycle!r}")
    if data.get("workers", 1) < 1:
        raise ValueError("'workers' must be at least 1")
    keys = data.get("api_keys", [])
    if not all(isinstance(k, str) and k for k in keys):
        raise ValueError("'api_keys' must list non-empty strings")


def settings_from_config(data: Mapping[str, Any], **overrides: Any) -> Settings:
    """Settings from a config mapping (``ValueError`` for a key it does not know or a value of
    the wrong kind); explicit overrides (CLI flags) win."""
    _check_config(data)
    values: dict[str, Any] = {key: data[key] for key in CONFIG_KEYS if key in data}
    for key in ("api_keys", "rules"):
        if key in values:
            values[key] = tuple(values[key])
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)


def settings_to_json(settings: Settings) -> str:
    """The settings as JSON, for worker processes that build their own app from it (a frozen
    clock goes as its time; any other clock is the system's)."""
    from .clock import FixedClock

    values = {
        f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name != "clock"
    }
    clock = settings.clock
    values["frozen_time"] = clock.now() if isinstance(clock, FixedClock) else None
    return json.dumps(values)


def settings_from_json(text: str) -> Settings:
    from .clock import FixedClock

    values = json.loads(text)
    frozen = values.pop("frozen_time", None)
    for key in ("api_keys", "rules"):
        values[key] = tuple(values[key])
    clock = FixedClock(frozen) if frozen is not None else SystemClock()
    return Settings(**values, clock=clock)

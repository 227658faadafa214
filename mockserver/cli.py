"""``mockserver`` / ``python -m mockserver``: serve the mock, or print ``env`` exports."""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from .clock import FixedClock
from .settings import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    LIFECYCLES,
    Settings,
    load_config,
    settings_from_config,
    settings_to_json,
)
from .tokens import default_cache_dir, populate_tiktoken_cache


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockserver",
        description="A deterministic, offline double of the OpenAI API. "
        "Subcommand 'env' prints shell exports that point OpenAI clients at it.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (loopback)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--seed", type=int, default=None, help="seed for every generator")
    parser.add_argument("--config", type=Path, default=None, help="JSON/YAML: rules, options")
    parser.add_argument(
        "--api-key",
        dest="api_keys",
        action="append",
        default=None,
        help="accept only this key (repeatable); default: any non-empty key",
    )
    parser.add_argument(
        "--time", type=float, default=None, help="freeze the clock at this Unix time"
    )
    parser.add_argument(
        "--state-dir",
        default=None,
        metavar="DIR",
        help="keep objects and uploaded files in SQLite and files under DIR (default: memory)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes sharing the state (more than one needs --state-dir)",
    )
    parser.add_argument(
        "--lifecycle",
        choices=LIFECYCLES,
        default=None,
        help="how batches and jobs move: a step per retrieve (poll, default), at once, or in "
        "real time",
    )
    parser.add_argument(
        "--retired-apis",
        action="store_true",
        default=None,
        help="answer the APIs the real one has retired (Assistants, threads, runs: 2026-08-26) "
        "as it does now, with 404 Invalid URL; likewise image variations, and the image models "
        "shut down by the mock's clock (DALL-E, GPT Image 1) are not found",
    )
    parser.add_argument("--log-level", default="info")
    return parser


def _env_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockserver env",
        description='Print export lines: eval "$(python -m mockserver env)".',
    )
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--api-key", default="sk-mock", help="the key to export")
    parser.add_argument("--cache-dir", type=Path, default=None, help="tiktoken cache folder")
    return parser


def env_lines(host: str, port: int, api_key: str, cache_dir: Path) -> list[str]:
    populate_tiktoken_cache(cache_dir)
    return [
        f"export OPENAI_BASE_URL={shlex.quote(f'http://{host}:{port}/v1')}",
        f"export OPENAI_API_KEY={shlex.quote(api_key)}",
        f"export TIKTOKEN_CACHE_DIR={shlex.quote(str(cache_dir))}",
    ]


class Refused(Exception):
    """Something the user gave cannot be served: one line on stderr, exit status 2."""


def _settings(opts: argparse.Namespace) -> Settings:
    try:
        config = load_config(opts.config) if opts.config else {}
        return settings_from_config(
            config,
            host=opts.host,
            port=opts.port,
            seed=opts.seed,
            api_keys=tuple(opts.api_keys) if opts.api_keys else None,
            clock=FixedClock(opts.time) if opts.time is not None else None,
            state_dir=opts.state_dir,
            workers=opts.workers,
            lifecycle=opts.lifecycle,
            retired_apis=opts.retired_apis,
        )
    except OSError as exc:
        raise Refused(f"cannot read --config {opts.config}: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:  # bad JSON/YAML, unknown keys, wrong values
        raise Refused(f"invalid --config {opts.config}: {exc}") from None


def _check_workers(settings: Settings) -> None:
    if settings.workers < 1:
        raise Refused(f"--workers must be at least 1, not {settings.workers}")
    if settings.workers > 1 and settings.state_dir is None:
        raise Refused(
            f"--workers {settings.workers} needs --state-dir DIR: workers share their state "
            "through it, and memory cannot be shared"
        )


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed, so a busy port is one clear
    line rather than a banner followed by uvicorn's error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise Refused(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _serve(args: list[str]) -> int:
    opts = _serve_parser().parse_args(args)
    settings = _settings(opts)
    _check_workers(settings)
    import sqlite3

    import uvicorn

    from .app import SETTINGS_ENV, create_app

    try:
        app = create_app(settings)  # parses the config's rules, opens the state directory
    except (OSError, sqlite3.Error) as exc:
        raise Refused(f"cannot use --state-dir {settings.state_dir}: {exc}") from None
    except ValueError as exc:
        raise Refused(f"invalid --config {opts.config}: {exc}") from None
    sock = _bind(settings.host, settings.port)
    print(f"OpenAI mock server: {settings.base_url}", flush=True)
    if settings.workers == 1:
        uvicorn.Server(uvicorn.Config(app, log_level=opts.log_level)).run(sockets=[sock])
        return 0
    from uvicorn.supervisors import Multiprocess

    # Each worker builds its own app (and its own connection to the state directory) from
    # the settings parsed here.
    os.environ[SETTINGS_ENV] = settings_to_json(settings)
    config = uvicorn.Config(
        "mockserver.app:create_worker_app",
        factory=True,
        workers=settings.workers,
        log_level=opts.log_level,
    )
    Multiprocess(config, sockets=[sock]).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["env"]:
        opts = _env_parser().parse_args(args[1:])
        cache_dir = opts.cache_dir or default_cache_dir()
        print("\n".join(env_lines(opts.host, opts.port, opts.api_key, cache_dir)))
        return 0
    if args[:1] == ["serve"]:
        args = args[1:]
    try:
        return _serve(args)
    except Refused as refused:
        print(f"mockserver: {refused}", file=sys.stderr)
        return 2

"""``mockserver`` / ``python -m mockserver``: serve the mock, or print ``env`` exports."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .clock import FixedClock
from .settings import DEFAULT_HOST, DEFAULT_PORT, load_config, settings_from_config
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


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["env"]:
        opts = _env_parser().parse_args(args[1:])
        cache_dir = opts.cache_dir or default_cache_dir()
        print("\n".join(env_lines(opts.host, opts.port, opts.api_key, cache_dir)))
        return 0
    if args[:1] == ["serve"]:
        args = args[1:]
    opts = _serve_parser().parse_args(args)
    config = load_config(opts.config) if opts.config else {}
    settings = settings_from_config(
        config,
        host=opts.host,
        port=opts.port,
        seed=opts.seed,
        api_keys=tuple(opts.api_keys) if opts.api_keys else None,
        clock=FixedClock(opts.time) if opts.time is not None else None,
    )
    import uvicorn

    from .app import create_app

    print(f"OpenAI mock server: {settings.base_url}", flush=True)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=opts.log_level,
    )
    return 0

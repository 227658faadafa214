"""``python -m clients <lesson> [args]``: each lesson of the seed course against any server.

The server is whatever ``--base-url`` (or ``OPENAI_BASE_URL``, or ``.env``) names; the key
comes from ``OPENAI_API_KEY`` or ``.env`` only, never from the command line, where it would
land in the shell's history and the process list.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import httpx2
import openai

from ..config import ConfigError, KeyRedactingFilter, make_client, resolve_config
from ..cost import BudgetExceeded
from ..errors import explain
from .lesson import Context, Lesson
from .lessons import all_lessons
from .teach import Teacher
from .text import T

# Exit statuses: 0 the lesson ran, 1 the API or the lesson refused, 2 bad usage or settings.
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser(lessons: Sequence[Lesson]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m clients",
        description="The seed course's lessons, run against the OpenAI API or any server "
        "that speaks it (the mock: --base-url http://127.0.0.1:8000/v1).",
    )
    parser.add_argument("--base-url", help="the API's base URL (default: OPENAI_BASE_URL)")
    parser.add_argument("--timeout", type=float, help="seconds per request (default 60)")
    parser.add_argument("--max-retries", type=int, help="the SDK's own retries (default 2)")
    parser.add_argument(
        "--env-file", type=Path, default=Path(".env"), help="a .env file to read (default .env)"
    )
    parser.add_argument("--lang", choices=("en", "ko"), default="en", help="English or Korean")
    parser.add_argument("--json", action="store_true", help="print the raw objects only")
    parser.add_argument("-v", "--verbose", action="store_true", help="log the SDK's requests")
    sub = parser.add_subparsers(dest="lesson", metavar="<lesson>", required=True)
    for lesson in lessons:
        child = sub.add_parser(
            lesson.name,
            help=f"{lesson.summary.en} / {lesson.summary.ko}",
            description=f"{lesson.summary.en}\n{lesson.summary.ko}",
        )
        lesson.add_arguments(child)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    http_client: httpx2.Client | None = None,
    out: IO[str] | None = None,
) -> int:
    lessons = {lesson.name: lesson for lesson in all_lessons()}
    args = build_parser(list(lessons.values())).parse_args(argv)
    try:
        config = resolve_config(
            base_url=args.base_url,
            timeout=args.timeout,
            max_retries=args.max_retries,
            dotenv_path=args.env_file,
        )
    except ConfigError as error:
        print(f"clients: {error}", file=sys.stderr)
        return EXIT_USAGE
    teach = Teacher(out or sys.stdout, lang=args.lang, as_json=args.json)
    context = Context(
        make_client(config, http_client=http_client), config, teach, args, http_client
    )
    handler = _stderr_handler(KeyRedactingFilter(config.api_key))
    root = logging.getLogger()
    root.addHandler(handler)
    sdk_level = logging.getLogger("openai").level
    if args.verbose:
        logging.getLogger("openai").setLevel(logging.DEBUG)
    try:
        lessons[args.lesson].run(context)
    except openai.OpenAIError as error:
        why = explain(error, config.api_key)
        print(f"clients: {why.kind}: {why.what}", file=sys.stderr)
        print(f"clients: {teach.pick(T(*why.why))}", file=sys.stderr)
        return EXIT_FAILED
    except (BudgetExceeded, OSError, ValueError) as error:
        print(f"clients: {config.api_key.redact(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        root.removeHandler(handler)
        logging.getLogger("openai").setLevel(sdk_level)
    return 0


def _stderr_handler(redact: logging.Filter) -> logging.Handler:
    """Log records to stderr, each through the key-masking filter: a handler's filter sees
    the records of every logger that propagates to it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(redact)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    return handler

"""What a lesson is to the command line: a name, a one-line summary in two languages, its
own arguments, and a function that runs it against a client and teaches through a Teacher."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

import httpx2
from openai import OpenAI

from ..config import ClientConfig
from .teach import Teacher
from .text import T


@dataclass(frozen=True)
class Context:
    client: OpenAI
    config: ClientConfig
    teach: Teacher
    args: argparse.Namespace
    # The HTTP client the SDK was given, if any: for a lesson that makes raw requests itself.
    http: httpx2.Client | None = None


@dataclass(frozen=True)
class Lesson:
    name: str
    order: int  # where it sits in ``--help``: the seed's order
    summary: T
    run: Callable[[Context], None]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None

"""A text in the two languages the command line speaks (``--lang en`` or ``--lang ko``)."""

from __future__ import annotations

from typing import NamedTuple


class T(NamedTuple):
    en: str
    ko: str

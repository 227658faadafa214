"""The lessons, one module each, found by scanning this package: a new lesson (images, audio,
assistants, Responses, when their endpoints land) is one module here defining ``LESSON``."""

from __future__ import annotations

import importlib
import pkgutil

from ..lesson import Lesson


def all_lessons() -> list[Lesson]:
    found: list[Lesson] = []
    for module in pkgutil.iter_modules(__path__):
        lesson = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LESSON", None)
        if isinstance(lesson, Lesson):
            found.append(lesson)
    return sorted(found, key=lambda lesson: (lesson.order, lesson.name))

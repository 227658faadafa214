"""Pictures as pure functions of (prompt, size, seed, ...): a scene coloured from the prompt with
its words drawn on it (``scene``), edits and variations of uploaded pictures (``edit``), and the
bytes in the format asked for (``encode``). Pillow only; nothing here knows about HTTP."""

from .edit import edit, partial, variation
from .encode import encode
from .scene import render

__all__ = ["edit", "encode", "partial", "render", "variation"]

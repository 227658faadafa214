"""The hosted ``shell`` tool (an environment of ``container_auto`` or ``container_reference``):
the server runs the model's commands in the container, with ``shell_commands`` (never a real
process) against the container's own files. A ``shell_call`` naming the container and its
``shell_call_output`` (stdout, stderr and outcome per command), then the answer reads the
output. The container is /v1/containers' own (``code_containers``, as for the code
interpreter)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from ...generate import builtin_calls
from ...state import MockState
from ..containers import handlers as containers
from . import shell_commands

# A named file's first lines (``head``), or its counts (``wc``), when the words ask for them;
# else the whole of it (``cat``).
_HEAD_WORDS = {"first", "head", "top", "beginning", "start"}
_COUNT_WORDS = {"count", "lines", "words", "many", "size", "long"}


def container_files(mock: MockState, container_id: str) -> shell_commands.Files:
    """The container's files by path, as the commands see them."""
    backend = containers.backend(mock)
    files = {}
    for record in backend.files_of(container_id):
        data = backend.content(record)
        if data is not None:
            files[record.path] = shell_commands.File(data, record.created_at)
    return files


def commands_for(question: str, files: shell_commands.Files) -> list[str]:
    """The commands a question asks for: on a file of the container it names, else the
    model's usual first step (``builtin_calls.shell_commands``)."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    named = [p for p in sorted(files) if posixpath.basename(p).lower() in question.lower()]
    if not named:
        return builtin_calls.shell_commands(question)
    name = posixpath.basename(named[0])
    if words & _HEAD_WORDS:
        return [f"head -n 5 {name}"]
    if words & _COUNT_WORDS:
        return [f"wc {name}"]
    return [f"cat {name}"]


@dataclass(frozen=True)
class Ran:
    """One run: the call item, its output item and the output the model reads."""

    item: dict[str, Any]
    output_item: dict[str, Any]

    @property
    def result_text(self) -> str:
        return "".join(part["stdout"] + part["stderr"] for part in self.output_item["output"])

    def citations(self, text: str) -> list[dict[str, Any]]:
        return []


def run(
    question: str,
    call_id: str,
    ids: tuple[str, str],
    container_id: str,
    files: shell_commands.Files,
) -> Ran:
    """Run the commands the question calls for in the container (its ``files``)."""
    commands = commands_for(question, files)
    call_item_id, output_item_id = ids
    call = {
        "id": call_item_id,
        "type": "shell_call",
        "call_id": call_id,
        "action": {"commands": commands, "max_output_length": None, "timeout_ms": None},
        "environment": {"type": "container_reference", "container_id": container_id},
        "status": "completed",
    }
    parts = []
    for command in commands:
        result = shell_commands.run(command, files)
        parts.append(
            {
                "stdout": result.stdout,
                "stderr": result.stderr,
                "outcome": {"type": "exit", "exit_code": result.exit_code},
            }
        )
    output = {
        "id": output_item_id,
        "type": "shell_call_output",
        "call_id": call_id,
        "max_output_length": None,
        "output": parts,
        "status": "completed",
    }
    return Ran(call, output)

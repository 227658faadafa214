"""What the model "writes" when it calls a built-in Responses tool, as pure functions of the
user's words (and the seed): the Python a code interpreter runs and the logs it prints, the
shell commands it asks a client to run, the patch it asks a client to apply, the computer
action it asks for. Nothing is executed: arithmetic is evaluated on a parsed tree of numbers
and operators only, so the logs are the true output of the code shown."""

from __future__ import annotations

import ast
import operator
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import text as textgen

# An arithmetic expression in the question: numbers joined by at least one operator.
_EXPRESSION = re.compile(r"[-(]*\d[\d.,]*(?:\s*(?:\*\*|[-+*/%^x×])\s*[-(]*\d[\d.,]*\)*)+\)*")
_OPERATORS: dict[type[ast.AST], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
MAX_EXPONENT = 64  # beyond this a power is not worked out (the logs would be huge)
# Longer expressions are not worked out either (a deep tree would exhaust the stack).
MAX_EXPRESSION = 120
TITLE_CHARS = 72


@dataclass(frozen=True)
class Program:
    code: str
    logs: str


def _evaluate(node: ast.AST) -> float | int:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise ValueError("exponent too large")
        result: float | int = _OPERATORS[type(node.op)](left, right)
        return result
    raise ValueError("not arithmetic")


def _expression(question: str) -> tuple[str, float | int] | None:
    for match in _EXPRESSION.finditer(question):
        source = match.group().replace(",", "").replace("^", "**").replace("×", "*")
        source = re.sub(r"(?<=\d)\s*x\s*(?=[-(\d])", " * ", source)
        source = " ".join(source.split())
        if len(source) > MAX_EXPRESSION:
            continue
        try:
            value = _evaluate(ast.parse(source, mode="eval"))
        except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
            continue
        return source, value
    return None


def _shown(value: float | int) -> str:
    """The value as Python's ``print`` shows it."""
    return repr(value)


def _title(question: str) -> str:
    line = " ".join(question.split())
    return line[:TITLE_CHARS] or "Working it out"


def python_program(question: str) -> Program:
    """The code a code interpreter runs for ``question``, and what it prints."""
    found = _expression(question)
    if found is not None:
        source, value = found
        code = f"# {_title(question)}\nresult = {source}\nprint(result)"
        return Program(code, _shown(value) + "\n")
    words = question.split()
    code = (
        f"text = {question!r}\nwords = text.split()\n"
        'print(f"{len(words)} words, {len(text)} characters")'
    )
    return Program(code, f"{len(words)} words, {len(question)} characters\n")


# The commands a question's words point at (first match wins), else a listing.
_COMMANDS = (
    (("list", "files", "ls"), "ls -la"),
    (("git", "commit", "branch"), "git status"),
    (("disk", "space", "storage"), "df -h"),
    (("process", "processes", "running"), "ps aux"),
    (("python", "version"), "python3 --version"),
    (("where", "directory", "folder", "pwd"), "pwd"),
    (("date", "time", "today"), "date"),
)
DEFAULT_COMMAND = "ls -la"


def shell_commands(question: str) -> list[str]:
    """The shell commands a question asks for (one, as a model's first step would)."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    for keys, command in _COMMANDS:
        if words.intersection(keys):
            return [command]
    return [DEFAULT_COMMAND]


def argv(command: str) -> list[str]:
    """A command as the argument vector ``local_shell`` sends."""
    return shlex.split(command)


_FILE = re.compile(r"\b[\w./-]*\w\.(?:py|js|ts|md|txt|json|toml|yaml|yml|html|css|sh|rs|go)\b")
DEFAULT_PATH = "notes.md"


def patch_operation(question: str, seed: int) -> dict[str, Any]:
    """The file operation an ``apply_patch`` call asks for: a file the question names (else
    ``notes.md``), deleted, updated or created as its words say; diffs in the V4A form the
    tool takes (``+`` lines added, ``@@`` a hunk)."""
    match = _FILE.search(question)
    path = match.group() if match else DEFAULT_PATH
    words = set(re.findall(r"[a-z]+", question.lower()))
    if words & {"delete", "remove"}:
        return {"type": "delete_file", "path": path}
    body = textgen.reply_text(seed, question)
    added = "".join(f"+{line}\n" for line in [f"# {_title(question)}", "", body])
    if words & {"update", "edit", "change", "fix", "modify", "rename"}:
        return {"type": "update_file", "path": path, "diff": f"@@\n{added}"}
    return {"type": "create_file", "path": path, "diff": added}


def computer_action(question: str, width: int, height: int) -> dict[str, Any]:
    """The first action a computer-use model asks for: what the words say, else a
    screenshot (to see the screen before acting)."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    quoted = re.search(r"[\"“']([^\"”']+)[\"”']", question)
    if words & {"type", "write", "enter"} and quoted:
        return {"type": "type", "text": quoted.group(1)}
    if words & {"click", "press", "tap", "open"}:
        return {"type": "click", "button": "left", "x": width // 2, "y": height // 2}
    if words & {"scroll", "down"}:
        return {"type": "scroll", "x": width // 2, "y": height // 2, "scroll_x": 0, "scroll_y": 600}
    if words & {"wait"}:
        return {"type": "wait"}
    return {"type": "screenshot"}

"""A small, deterministic shell for the hosted ``shell`` tool: never a real process. A
command line (``|`` pipes, ``&&``, ``||`` and ``;`` lists) runs ``echo``, ``printf``, ``pwd``,
``ls``, ``cat``, ``wc`` and ``head`` against a container's own files, in its mount
directory; any other command gets the ``command not found`` line and exit code 127 bash
prints."""

from __future__ import annotations

import posixpath
import re
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

CWD = "/mnt/data"
OPERATORS = ("|", "&&", "||", ";")
# ``ls -l``'s mode, links and owners for every file (the container's files are plain ones).
LONG_PREFIX = "-rw-r--r-- 1 root root"


@dataclass(frozen=True)
class File:
    data: bytes
    modified: int  # seconds since the epoch


@dataclass(frozen=True)
class Result:
    stdout: str
    stderr: str
    exit_code: int


Files = Mapping[str, File]  # by absolute path
Program = Callable[[list[str], str, Files], Result]


def _path(name: str) -> str:
    return posixpath.normpath(posixpath.join(CWD, name))


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _missing(command: str, name: str, code: int = 1) -> Result:
    return Result("", f"{command}: {name}: No such file or directory\n", code)


def _inputs(command: str, names: list[str], stdin: str, files: Files) -> tuple[list[str], str]:
    """The texts the named files hold (stdin when none is named), and the errors of those
    that are missing."""
    if not names:
        return [stdin], ""
    texts, errors = [], ""
    for name in names:
        found = files.get(_path(name))
        if found is None:
            errors += _missing(command, name).stderr
        else:
            texts.append(_text(found.data))
    return texts, errors


def _echo(args: list[str], stdin: str, files: Files) -> Result:
    newline = "\n"
    if args and args[0] == "-n":
        args, newline = args[1:], ""
    return Result(" ".join(args) + newline, "", 0)


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "r": "\r"}
_DIRECTIVE = re.compile(r"%([%sdi])|\\(.)")


def _printf_once(fmt: str, values: list[str]) -> tuple[str, int]:
    """The format filled once, and how many values it took."""
    out, used, last = "", 0, 0
    for match in _DIRECTIVE.finditer(fmt):
        out += fmt[last : match.start()]
        last = match.end()
        if match.group(2) is not None:
            out += _ESCAPES.get(match.group(2), "\\" + match.group(2))
        elif match.group(1) == "%":
            out += "%"
        else:
            value = values[used] if used < len(values) else ""
            used += 1
            numeric = value.lstrip("-").isdigit()
            out += value if match.group(1) == "s" else str(int(value)) if numeric else "0"
    return out + fmt[last:], used


def _printf(args: list[str], stdin: str, files: Files) -> Result:
    if not args:
        return Result("", "printf: usage: printf [-v var] format [arguments]\n", 2)
    fmt, values = args[0], args[1:]
    out, used = _printf_once(fmt, values)
    # Bash reuses the format while arguments are left.
    while used and values[used:]:
        values = values[used:]
        more, used = _printf_once(fmt, values)
        out += more
    return Result(out, "", 0)


def _pwd(args: list[str], stdin: str, files: Files) -> Result:
    return Result(CWD + "\n", "", 0)


def _long(name: str, file: File) -> str:
    return f"{LONG_PREFIX} {len(file.data)} {_stamp(file.modified)} {name}"


def _stamp(seconds: int) -> str:
    return time.strftime("%b %e %H:%M", time.gmtime(seconds))


def _ls(args: list[str], stdin: str, files: Files) -> Result:
    flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1)
    names = [a for a in args if not a.startswith("-") or a == "-"] or ["."]
    out, errors, code = [], "", 0
    for name in names:
        path = _path(name)
        if path in files:
            out.append(_long(name, files[path]) if "l" in flags else name)
            continue
        inside = sorted(
            (p.removeprefix(path.rstrip("/") + "/"), f)
            for p, f in files.items()
            if posixpath.dirname(p) == path
        )
        if not inside and path != CWD:
            errors += f"ls: cannot access '{name}': No such file or directory\n"
            code = 2
            continue
        entries = [n for n, _ in inside]
        if "l" in flags:
            total = sum((len(f.data) + 4095) // 4096 * 4 for _, f in inside)
            lines = [f"total {total}"]
            if "a" in flags:
                newest = max((f.modified for _, f in inside), default=0)
                lines += [f"drwxr-xr-x 2 root root 4096 {_stamp(newest)} {d}" for d in (".", "..")]
            lines += [_long(n, f) for n, f in inside]
            out.extend(lines)
        else:
            out.extend([".", "..", *entries] if "a" in flags else entries)
    return Result("".join(line + "\n" for line in out), errors, code)


def _cat(args: list[str], stdin: str, files: Files) -> Result:
    texts, errors = _inputs("cat", [a for a in args if a != "-"], stdin, files)
    return Result("".join(texts), errors, 1 if errors else 0)


def _wc(args: list[str], stdin: str, files: Files) -> Result:
    flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1) or "lwc"
    names = [a for a in args if not a.startswith("-")]
    texts, errors = _inputs("wc", names, stdin, files)
    shown = [k for k in "lwc" if k in flags]
    rows = []
    for text in texts:
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        rows.append([counts[k] for k in shown])
    found = [n for n in names if _path(n) in files]
    if len(rows) > 1:
        rows.append([sum(column) for column in zip(*rows, strict=True)])
        found.append("total")
    # GNU wc pads to the widest count a regular file could have (7 for a pipe), except for
    # a single count of a single file.
    if names and len(shown) * len(rows) > 1:
        width = len(str(max((len(t.encode()) for t in texts), default=0)))
    else:
        width = 7 if not names and len(shown) > 1 else 1
    out = ""
    for k, row in enumerate(rows):
        line = " ".join(str(n).rjust(width) for n in row)
        out += (f"{line} {found[k]}" if names else line) + "\n"
    return Result(out, errors, 1 if errors else 0)


def _head(args: list[str], stdin: str, files: Files) -> Result:
    count, names, rest = 10, [], list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "-n" and rest:
            arg = "-n" + rest.pop(0)
        number = arg.removeprefix("-n") if arg.startswith("-n") else arg.removeprefix("-")
        if arg.startswith("-") and number.isdigit():
            count = int(number)
        elif arg.startswith("-"):
            return Result("", f"head: invalid number of lines: '{number}'\n", 1)
        else:
            names.append(arg)
    texts, errors = _inputs("head", names, stdin, files)
    out = ""
    for k, text in enumerate(texts):
        if len(names) > 1:
            out += ("\n" if k else "") + f"==> {names[k]} <==\n"
        out += "".join(text.splitlines(keepends=True)[:count])
    return Result(out, errors, 1 if errors else 0)


PROGRAMS: dict[str, Program] = {
    "echo": _echo,
    "printf": _printf,
    "pwd": _pwd,
    "ls": _ls,
    "cat": _cat,
    "wc": _wc,
    "head": _head,
}


def _split(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;")
    lexer.whitespace_split = True
    return list(lexer)


def _simple(words: list[str], stdin: str, files: Files) -> Result:
    if not words:
        return Result("", "", 0)
    program = PROGRAMS.get(words[0])
    if program is None:
        return Result("", f"bash: line 1: {words[0]}: command not found\n", 127)
    return program(words[1:], stdin, files)


def run(line: str, files: Files) -> Result:
    """One command line's output and exit code (a pipeline's is its last command's)."""
    try:
        words = _split(line)
    except ValueError:
        return Result("", "bash: -c: line 1: unexpected EOF while looking for matching quote\n", 2)
    stdout, stderr, code = "", "", 0
    skipping, piped, current = False, "", []
    for word in [*words, ";"]:
        if word not in OPERATORS:
            current.append(word)
            continue
        result = Result("", "", code) if skipping else _simple(current, piped, files)
        current = []
        if word == "|":
            piped, stderr = result.stdout, stderr + result.stderr
            continue
        stdout, stderr, code, piped = (
            stdout + result.stdout,
            stderr + result.stderr,
            result.exit_code,
            "",
        )
        skipping = (word == "&&" and code != 0) or (word == "||" and code == 0)
    return Result(stdout, stderr, code)

"""The hosted shell's small command set: what bash and GNU coreutils print for each, against
a container's files; any other command is not found (127). Never a real process."""

from __future__ import annotations

import pytest

from mockserver.resources.responses.shell_commands import File, Result, run

FILES = {
    "/mnt/data/notes.txt": File(b"one two\nthree\nfour five six\n", 0),
    "/mnt/data/a.csv": File(b"x,y\n1,2\n", 0),
}


@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("echo hello   world", "hello world\n"),
        ("echo -n hi", "hi"),
        ("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n"),
        ("printf '100%%\\t%s' x", "100%\tx"),
        ("pwd", "/mnt/data\n"),
        ("ls", "a.csv\nnotes.txt\n"),
        ("ls -a /mnt/data", ".\n..\na.csv\nnotes.txt\n"),
        ("ls notes.txt", "notes.txt\n"),
        ("ls -l a.csv", "-rw-r--r-- 1 root root 8 Jan  1 00:00 a.csv\n"),
        ("cat notes.txt", "one two\nthree\nfour five six\n"),
        ("cat /mnt/data/a.csv", "x,y\n1,2\n"),
        ("wc notes.txt", " 3  6 28 notes.txt\n"),
        ("wc -l notes.txt", "3 notes.txt\n"),
        ("wc notes.txt a.csv", " 3  6 28 notes.txt\n 2  2  8 a.csv\n 5  8 36 total\n"),
        ("cat notes.txt | wc", "      3       6      28\n"),
        ("cat notes.txt | wc -l", "3\n"),
        ("head -n 2 notes.txt", "one two\nthree\n"),
        ("head -1 notes.txt a.csv", "==> notes.txt <==\none two\n\n==> a.csv <==\nx,y\n"),
        ("cat a.csv | head -n 1", "x,y\n"),
        ("echo a; echo b", "a\nb\n"),
        ("echo a || echo b", "a\n"),
    ],
)
def test_each_command_prints_what_the_real_one_prints(line: str, stdout: str) -> None:
    assert run(line, FILES) == Result(stdout, "", 0)


@pytest.mark.parametrize(
    ("line", "result"),
    [
        ("git status", Result("", "bash: line 1: git: command not found\n", 127)),
        ("python3 --version", Result("", "bash: line 1: python3: command not found\n", 127)),
        ("cat nope.txt", Result("", "cat: nope.txt: No such file or directory\n", 1)),
        ("ls nope", Result("", "ls: cannot access 'nope': No such file or directory\n", 2)),
        ("head -x a.csv", Result("", "head: invalid number of lines: 'x'\n", 1)),
        (
            "echo a && cat nope && echo b",
            Result("a\n", "cat: nope: No such file or directory\n", 1),
        ),
        (
            "false_cmd || echo rescued",
            Result("rescued\n", "bash: line 1: false_cmd: command not found\n", 0),
        ),
    ],
)
def test_failures_print_to_stderr_with_the_real_exit_code(line: str, result: Result) -> None:
    assert run(line, FILES) == result

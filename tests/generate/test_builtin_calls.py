"""What the model writes for a built-in tool call: code whose logs are its true output,
shell commands, patches and computer actions from the user's words."""

from __future__ import annotations

import pytest

from mockserver.generate import builtin_calls


@pytest.mark.parametrize(
    ("question", "logs"),
    [
        ("What is 123 * 456?", "56088\n"),
        ("Compute 2^10 + 1 please", "1025\n"),
        ("How much is 7 x 6?", "42\n"),
        ("Work out (3 + 4) * 2 - 1", "13\n"),
        ("Divide 10 / 4", "2.5\n"),
    ],
)
def test_arithmetic_is_worked_out(question: str, logs: str) -> None:
    program = builtin_calls.python_program(question)
    assert program.logs == logs and "print(result)" in program.code


def test_no_sum_counts_the_words_and_nothing_runs() -> None:
    program = builtin_calls.python_program("Tell me about __import__('os')")
    assert program.logs == "4 words, 30 characters\n"
    assert "words = text.split()" in program.code
    huge = builtin_calls.python_program("What is 9 ** 999999?")
    assert huge.logs.endswith("characters\n")  # not worked out: too large
    long = builtin_calls.python_program("Add " + " + ".join(["1"] * 5000))
    assert long.logs.endswith("characters\n")
    deep = builtin_calls.python_program("Is " + "(" * 500 + "1 + 1" + ")" * 500)
    assert deep.logs.endswith("characters\n")
    assert builtin_calls.python_program("What is 1 / 0?").logs.endswith("characters\n")


def test_shell_commands_follow_the_words() -> None:
    assert builtin_calls.shell_commands("show git status") == ["git status"]
    assert builtin_calls.shell_commands("How much disk space is left?") == ["df -h"]
    assert builtin_calls.shell_commands("Hello") == ["ls -la"]
    assert builtin_calls.argv("ls -la") == ["ls", "-la"]


def test_patches_name_the_file_and_the_operation() -> None:
    created = builtin_calls.patch_operation("Create app.py", 1)
    assert created["type"] == "create_file" and created["path"] == "app.py"
    updated = builtin_calls.patch_operation("Fix the bug in src/main.rs", 1)
    assert updated["type"] == "update_file" and updated["diff"].startswith("@@\n+")
    assert builtin_calls.patch_operation("Delete notes.txt", 1) == {
        "type": "delete_file",
        "path": "notes.txt",
    }
    assert builtin_calls.patch_operation("Write something", 1)["path"] == "notes.md"
    assert builtin_calls.patch_operation("Create app.py", 1) == created


def test_computer_actions_follow_the_words() -> None:
    action = builtin_calls.computer_action
    assert action("Type 'hello world' in the box", 100, 50) == {
        "type": "type",
        "text": "hello world",
    }
    assert action("Click the button", 100, 50) == {
        "type": "click",
        "button": "left",
        "x": 50,
        "y": 25,
    }
    assert action("Scroll down", 100, 50)["type"] == "scroll"
    assert action("What is on the screen?", 100, 50) == {"type": "screenshot"}

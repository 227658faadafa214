from __future__ import annotations

import io

from clients.cli.teach import Teacher, flatten, render
from clients.cli.text import T


def test_flatten_names_each_leaf_with_and_without_indices() -> None:
    data = {"choices": [{"message": {"content": "hi"}}], "usage": {"total_tokens": 3}, "e": []}
    assert list(flatten(data)) == [
        ("choices[0].message.content", "choices.message.content", "hi"),
        ("usage.total_tokens", "usage.total_tokens", 3),
        ("e", "e", []),
    ]


def test_a_long_vector_is_summarised() -> None:
    assert render([0.5] * 1536) == "[0.5000, 0.5000, 0.5000, ...] (1536 numbers)"
    assert render([1, 2]) == "[1, 2]"
    assert render("독도") == '"독도"'


def test_json_mode_prints_nothing_but_objects() -> None:
    out = io.StringIO()
    teach = Teacher(out, as_json=True)
    teach.heading(T("a", "가"))
    teach.say("prose")
    teach.value(T("x", "엑스"), 1)
    teach.result({"id": "x"})
    assert out.getvalue() == '{"id": "x"}\n'


def test_korean() -> None:
    out = io.StringIO()
    Teacher(out, lang="ko").value(T("tokens", "토큰 수"), 2, T("billed", "청구 단위"))
    assert out.getvalue() == "  토큰 수: 2  -- 청구 단위\n"

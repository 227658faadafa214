from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.llm.plan import canonical_json

FLOATLESS = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(value=FLOATLESS)
def test_canonical_json_is_jsons_sorted_compact_ascii(value: Any) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()
    assert canonical_json(value) == expected


def test_korean_and_escapes_take_the_ascii_path() -> None:
    messages = [{"role": "user", "content": '서울 "날씨"\n\t\\'}]
    assert (
        canonical_json(messages)
        == json.dumps(messages, sort_keys=True, separators=(",", ":")).encode()
    )

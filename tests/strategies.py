"""Hypothesis strategies shared by the handler tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def json_values(*, small_numbers: bool = False) -> st.SearchStrategy[Any]:
    """Any JSON value, nested a little: the raw material of invalid requests. Small numbers
    land inside and just outside the API's parameter ranges more often."""
    if small_numbers:
        numbers = st.integers(-300, 300) | st.floats(-5, 5)
    else:
        numbers = st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False)
    return st.recursive(
        st.none() | st.booleans() | numbers | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=6,
    )

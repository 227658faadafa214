"""The suite's markers (pytest runs with ``--strict-markers``): registered by the suite's
conftest and by anything that imports its checks, such as the suite's own tests."""

from __future__ import annotations

import pytest

COSTLY = (
    "images",
    "audio",
    "fine_tuning",
    "assistants",
    "vector_stores",
    "batches",
    "code_interpreter",
)
# Areas behind a marker on paid targets though cheap: they need more than HTTP.
COSTLY += ("websocket", "realtime")


def register(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "conformance(endpoint, feature, requests=1): where a check sits in the report"
    )
    config.addinivalue_line("markers", "mock_only: only the mock can pass (skipped elsewhere)")
    for area in COSTLY:
        config.addinivalue_line(
            "markers", f"{area}: a costly area, run against paid targets only with -m {area}"
        )

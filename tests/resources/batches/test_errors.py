"""The real API's 4xx answers to bad batch requests: every batch case of the error catalogue
(``fixtures/errors/batches_*.json``, shared with the conformance suite)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.error_catalogue import cases, check_in_process


@pytest.mark.parametrize("case", cases("/v1/batches"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)

"""The error catalogue's fine-tuning cases (``fixtures/errors/fine_tuning_*.json``, shared with
the conformance suite), answered in process."""

from __future__ import annotations

from typing import Any

import pytest

from tests.error_catalogue import cases, check_in_process


@pytest.mark.parametrize("case", cases("/v1/fine_tuning/jobs"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)

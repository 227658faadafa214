"""The image cases of the error catalogue (``fixtures/errors/images_*.json``, shared with the
conformance suite), answered in process."""

from __future__ import annotations

from typing import Any

import pytest

from tests.error_catalogue import cases, check_in_process


@pytest.mark.parametrize("case", cases("/v1/images/generations"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)

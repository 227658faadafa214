"""The error catalogue's /v1/models cases (retrieve and delete), answered in process."""

from __future__ import annotations

from typing import Any

import pytest

from tests.error_catalogue import cases, check_in_process

# The auth cases need keys the in-process client does not send (tests/http covers them).
CASES = [case for case in cases("/v1/models") if "auth" not in case.values[0]["request"]]


@pytest.mark.parametrize("case", CASES)
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)

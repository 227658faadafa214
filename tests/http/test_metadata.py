from __future__ import annotations

import pytest

from mockserver.http.errors import APIError
from mockserver.http.metadata import check_metadata


def _error(metadata: dict[str, object]) -> APIError:
    with pytest.raises(APIError) as info:
        check_metadata(metadata)
    return info.value


def test_sixteen_short_pairs_are_kept() -> None:
    pairs = {f"k{i}": "v" * 512 for i in range(16)}
    assert check_metadata(pairs) == pairs


def test_the_real_limits_and_their_messages() -> None:
    many = _error({f"k{i}": "v" for i in range(17)})
    assert many.code == "object_above_max_properties" and many.param == "metadata"
    key = _error({"k" * 65: "v"})
    assert key.message == (
        "Invalid 'metadata': key too long. Expected a key with maximum length 64, but got a key "
        "with length 65 instead."
    )
    value = _error({"note": "v" * 513})
    assert value.param == "metadata.note" and value.code == "string_above_max_length"
    assert value.message == (
        "Invalid 'metadata.note': string too long. Expected a string with maximum length 512, "
        "but got a string with length 513 instead."
    )
    assert _error({"n": 1}).code == "invalid_type"

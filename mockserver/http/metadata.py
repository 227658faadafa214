"""``metadata`` as the real API takes it on every resource: at most 16 string pairs, keys up to
64 characters, values up to 512."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import errors
from .params import check_value, param

MAX_PAIRS = 16
MAX_KEY_LENGTH = 64
MAX_VALUE_LENGTH = 512


def check_metadata(metadata: Mapping[str, Any], where: str = "metadata") -> dict[str, str]:
    """``where`` names it in errors (a nested one too: ``...vector_stores[0].metadata``)."""
    if len(metadata) > MAX_PAIRS:
        raise errors.invalid_value(
            where,
            f"Invalid '{where}': too many properties. Expected an object with at most "
            f"{MAX_PAIRS} properties, but got an object with {len(metadata)} properties instead.",
            code="object_above_max_properties",
        )
    for key, value in metadata.items():
        if len(key) > MAX_KEY_LENGTH:
            raise _too_long(where, "key too long", "a key", MAX_KEY_LENGTH, len(key))
        check_value(f"{where}.{key}", param("string"), value)
        if len(value) > MAX_VALUE_LENGTH:
            at = f"{where}.{key}"
            raise _too_long(at, "string too long", "a string", MAX_VALUE_LENGTH, len(value))
    return dict(metadata)


def _too_long(where: str, problem: str, what: str, limit: int, length: int) -> errors.APIError:
    message = (
        f"Invalid '{where}': {problem}. Expected {what} with maximum length {limit}, but got "
        f"{what} with length {length} instead."
    )
    return errors.invalid_value(where, message, code="string_above_max_length")


MAX_ATTRIBUTE_VALUE_LENGTH = 512


def check_attributes(attributes: Mapping[str, Any], where: str = "attributes") -> dict[str, Any]:
    """``attributes`` (vector store files): like metadata, at most 16 pairs with keys up to 64
    characters, but values may be strings (up to 512), numbers or booleans."""
    if len(attributes) > MAX_PAIRS:
        raise errors.invalid_value(
            where,
            f"Invalid '{where}': too many properties. Expected an object with at most "
            f"{MAX_PAIRS} properties, but got an object with {len(attributes)} properties "
            "instead.",
            code="object_above_max_properties",
        )
    for key, value in attributes.items():
        if len(key) > MAX_KEY_LENGTH:
            raise _too_long(where, "key too long", "a key", MAX_KEY_LENGTH, len(key))
        check_value(f"{where}.{key}", param("string", "number", "boolean"), value)
        if isinstance(value, str) and len(value) > MAX_ATTRIBUTE_VALUE_LENGTH:
            raise _too_long(
                f"{where}.{key}", "string too long", "a string", MAX_ATTRIBUTE_VALUE_LENGTH,
                len(value),
            )  # fmt: skip
    return dict(attributes)

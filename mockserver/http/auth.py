"""Authentication as the real API does it: a bearer key in ``Authorization``, and its 401s."""

from __future__ import annotations

from collections.abc import Collection

from . import errors


def bearer_key(value: str | None) -> str | None:
    """The key from ``Authorization: Bearer KEY``; '' when the header is there but malformed.

    Whatever follows the scheme is the key, spaces included: the seed's Faiss example sends a
    placeholder key with a space in it, and the mock accepts any non-empty key by default."""
    if value is None:
        return None
    scheme, _, key = value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return key.strip()


def auth_error(authorization: str | None, api_keys: Collection[str]) -> errors.APIError | None:
    """The real API's 401s (from the ``Authorization`` header): no key, or one it does not know.
    ``api_keys`` are the accepted keys; none means any non-empty key is accepted."""
    key = bearer_key(authorization)
    if key is None:
        return errors.missing_api_key()
    if not key or (api_keys and key not in api_keys):
        return errors.incorrect_api_key(key)
    return None

"""Ephemeral keys (``ek_...``) made by ``POST /v1/realtime/client_secrets``: each kept with when
it expires (on the mock's clock) and the session it opens."""

from __future__ import annotations

from typing import Any

from ...state.store import StateStore, dict_codec

Record = dict[str, Any]


class ClientSecrets:
    def __init__(self, store: StateStore) -> None:
        self._secrets = store.table("realtime_client_secrets", dict_codec())

    def keep(self, value: str, expires_at: int, session: dict[str, Any], created: int) -> None:
        self._secrets.put(value, {"expires_at": expires_at, "session": session}, created=created)

    def live(self, value: str, now: float) -> Record | None:
        """The secret's record while it has not expired, else None."""
        record = self._secrets.get(value)
        if record is None or now >= record["expires_at"]:
            return None
        return record

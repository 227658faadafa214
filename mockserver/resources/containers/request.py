"""``POST /v1/containers`` as a typed request, and the parts of a container's definition the
Responses ``code_interpreter`` tool's ``auto`` container shares (memory limit, network
policy, file ids), checked once here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...http import errors
from ...http.params import Param, check, check_value, param, required

MEMORY_LIMITS = ("1g", "4g", "16g", "64g")
DEFAULT_MEMORY_LIMIT = "1g"
# Containers expire after 20 minutes without activity unless told otherwise (the reference).
DEFAULT_MINUTES = 20
NETWORK_POLICIES = ("disabled", "allowlist")
SKILL_TYPES = ("skill_reference", "inline")
CREATE: dict[str, Param] = {
    "name": param("string", required=True),
    "expires_after": param("object"),
    "file_ids": param("array"),
    "memory_limit": param("string", enum=MEMORY_LIMITS),
    "network_policy": param("object"),
    "skills": param("array"),
}
_STRING = param("string")
# Refuses the first key of the object at a path that is not one of the known ones.
OnlyKnown = Callable[[str, Mapping[str, Any], tuple[str, ...]], None]


@dataclass(frozen=True)
class ContainerSpec:
    name: str
    minutes: int
    memory_limit: str
    network_policy: dict[str, Any] | None  # as the container shows it (no secrets)
    file_ids: list[str]


def _only(where: str, given: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    for key in given:
        if key not in keys:
            raise errors.unrecognized_argument(f"{where}.{key}")


def _strings(where: str, value: Any) -> list[str]:
    check_value(where, param("array"), value)
    for k, item in enumerate(value):
        check_value(f"{where}[{k}]", _STRING, item)
    return list(value)


def file_ids(where: str, value: Any) -> list[str]:
    return [] if value is None else _strings(where, value)


def network_policy(where: str, value: Any, only: OnlyKnown = _only) -> dict[str, Any] | None:
    """A network policy (``disabled``, or ``allowlist`` with its domains and their secrets)
    as a container shows it: the secrets are kept from view. ``only`` refuses an unknown
    field in the caller API's words."""
    if value is None:
        return None
    check_value(where, param("object"), value)
    kind = value.get("type")
    required(f"{where}.type", kind, param("string", enum=NETWORK_POLICIES))
    if kind == "disabled":
        only(where, value, ("type",))
        return {"type": "disabled"}
    only(where, value, ("type", "allowed_domains", "domain_secrets"))
    domains = value.get("allowed_domains")
    required(f"{where}.allowed_domains", domains, param("array"))
    allowed = _strings(f"{where}.allowed_domains", domains)
    secrets = value.get("domain_secrets")
    if secrets is not None:
        check_value(f"{where}.domain_secrets", param("array"), secrets)
        for k, secret in enumerate(secrets):
            at = f"{where}.domain_secrets[{k}]"
            check_value(at, param("object"), secret)
            only(at, secret, ("domain", "name", "value"))
            for key in ("domain", "name", "value"):
                required(f"{at}.{key}", secret.get(key), _STRING)
    return {"type": "allowlist", "allowed_domains": allowed}


def _minutes(value: Any) -> int:
    if value is None:
        return DEFAULT_MINUTES
    check_value("expires_after", param("object"), value)
    _only("expires_after", value, ("anchor", "minutes"))
    required("expires_after.anchor", value.get("anchor"), param("string", enum=("last_active_at",)))
    required("expires_after.minutes", value.get("minutes"), param("integer", minimum=1))
    minutes: int = value["minutes"]
    return minutes


def skills(value: Any, at: str = "skills") -> None:
    """Skills (``at`` names the list in an error's param) are checked for shape; the mock
    runs no code, so they change nothing."""
    for k, skill in enumerate(value or []):
        where = f"{at}[{k}]"
        check_value(where, param("object"), skill)
        kind = skill.get("type")
        required(f"{where}.type", kind, param("string", enum=SKILL_TYPES))
        if kind == "skill_reference":
            _only(where, skill, ("type", "skill_id", "version"))
            required(f"{where}.skill_id", skill.get("skill_id"), _STRING)
            if skill.get("version") is not None:
                check_value(f"{where}.version", _STRING, skill["version"])
            continue
        _only(where, skill, ("type", "name", "description", "source"))
        for key in ("name", "description"):
            required(f"{where}.{key}", skill.get(key), _STRING)
        source = skill.get("source")
        required(f"{where}.source", source, param("object"))
        _only(f"{where}.source", source, ("type", "media_type", "data"))
        required(f"{where}.source.type", source.get("type"), param("string", enum=("base64",)))
        media = param("string", enum=("application/zip",))
        required(f"{where}.source.media_type", source.get("media_type"), media)
        required(f"{where}.source.data", source.get("data"), _STRING)


def parse_create(body: Mapping[str, Any]) -> ContainerSpec:
    check(body, CREATE)
    skills(body.get("skills"))
    return ContainerSpec(
        name=body["name"],
        minutes=_minutes(body.get("expires_after")),
        memory_limit=body.get("memory_limit") or DEFAULT_MEMORY_LIMIT,
        network_policy=network_policy("network_policy", body.get("network_policy")),
        file_ids=file_ids("file_ids", body.get("file_ids")),
    )

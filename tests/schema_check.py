"""Response validation for the handler tests: the shared ``conformance.schemas`` validators when
they exist, else a local equivalent (SDK type with no unknown keys; OpenAPI component via
jsonschema when ``OPENAI_OPENAPI_SPEC`` points at the spec)."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from pydantic import BaseModel


def _no_extra(obj: Any, path: str = "$") -> None:
    if isinstance(obj, BaseModel):
        assert not obj.model_extra, f"unknown keys at {path}: {sorted(obj.model_extra or {})}"
        for name in type(obj).model_fields:
            _no_extra(getattr(obj, name), f"{path}.{name}")
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            _no_extra(item, f"{path}[{i}]")


def validate_sdk(model_cls: type[BaseModel], data: Any) -> None:
    try:
        from conformance.schemas import validate_sdk as shared
    except ImportError:
        _no_extra(model_cls.model_validate(data))
    else:
        shared(model_cls, data)


@cache
def _spec() -> dict[str, Any] | None:
    path = os.environ.get("OPENAI_OPENAPI_SPEC")
    if not path or not os.path.exists(path):
        return None
    import yaml

    with open(path, encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return spec


@cache
def _validator(component: str) -> Any:
    import jsonschema

    spec = _spec()
    root = {**(spec or {}), "$ref": f"#/components/schemas/{component}"}
    return jsonschema.Draft202012Validator(root)


def validate_openapi(component: str, data: Any) -> None:
    try:
        from conformance.schemas import validate_openapi as shared
    except ImportError:
        spec = _spec()
        if spec is None:
            return
        _validator(component).validate(data)
    else:
        shared(component, data)

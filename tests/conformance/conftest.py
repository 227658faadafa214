"""The suite's own tests import its checks, so its markers must be known here too."""

from __future__ import annotations

import pytest

from conformance import markers


def pytest_configure(config: pytest.Config) -> None:
    markers.register(config)

"""Armed fault plans: the next N matching requests fail as the real API fails. The same plans
reach WebSocket sessions (matched as ``GET`` on the socket's path): 429/500/503 refuse the
upgrade, ``disconnect=N`` drops the session after N server messages, ``slow=SECONDS`` paces
every server message (a stream's body messages over HTTP)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

from ..http import errors

FAULT_KINDS = ("429", "500", "503", "timeout", "disconnect", "slow")
# The kinds that take ``=VALUE`` in the header: seconds, or a count of messages.
_VALUED = ("timeout", "429", "disconnect", "slow")


@dataclass
class Fault:
    kind: str  # one of FAULT_KINDS
    retry_after: int = 1
    delay: float | None = None  # "timeout": how long to hold the request; "slow": per message
    after: int | None = None  # "disconnect": how many messages pass before the cut


@dataclass
class Plan:
    fault: Fault
    path: str | None
    method: str | None
    times: int

    def matches(self, method: str, path: str) -> bool:
        return (self.path is None or self.path == path) and (
            self.method is None or self.method == method
        )

    def to_api(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "method": self.method,
            "fault": self.fault.kind,
            "times": self.times,
            "retry_after": self.fault.retry_after,
            "delay": self.fault.delay,
            "after": self.fault.after,
        }


HEADER = "X-Mock-Fault"


def parse_fault_header(value: str) -> Fault:
    """``X-Mock-Fault: 429|500|503|timeout|disconnect|slow`` (``timeout=0.5`` sets the hold,
    ``429=3`` the ``retry-after``, ``disconnect=4`` the messages sent before the cut,
    ``slow=0.2`` the latency per message); anything else is a 400 that lists the valid values,
    so a typo cannot pass as a request without a fault."""
    kind, _, arg = value.strip().lower().partition("=")
    if kind not in FAULT_KINDS:
        raise errors.invalid_enum(HEADER, value.strip(), FAULT_KINDS)
    fault = Fault(kind)
    if arg:
        try:
            number = float(arg)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number < 0 or kind not in _VALUED:
            raise errors.invalid_value(
                HEADER,
                f"Invalid value for '{HEADER}': '{value.strip()}'. Only 'timeout=SECONDS', "
                "'429=SECONDS', 'disconnect=MESSAGES' and 'slow=SECONDS' take a value, a "
                "non-negative number.",
            )
        if kind in ("timeout", "slow"):
            fault.delay = number
        elif kind == "disconnect":
            fault.after = int(number)
        else:
            fault.retry_after = int(number)
    return fault


def parse_plan(body: Any) -> Plan:
    if not isinstance(body, dict):
        raise errors.APIError(400, "A fault plan is a JSON object.")
    kind = str(body.get("fault", body.get("status", "")))
    if kind not in FAULT_KINDS:
        raise errors.invalid_enum("fault", kind, FAULT_KINDS)
    times = body.get("times", 1)
    if not isinstance(times, int) or isinstance(times, bool) or times < 1:
        raise errors.invalid_type("times", "a positive integer", times)
    retry_after = body.get("retry_after", 1)
    delay = body.get("delay")
    if not isinstance(retry_after, int) or isinstance(retry_after, bool) or retry_after < 0:
        raise errors.invalid_type("retry_after", "a non-negative integer", retry_after)
    if delay is not None and not isinstance(delay, (int, float)):
        raise errors.invalid_type("delay", "a number", delay)
    after = body.get("after")
    if after is not None and (not isinstance(after, int) or isinstance(after, bool) or after < 0):
        raise errors.invalid_type("after", "a non-negative integer", after)
    path = body.get("path")
    method = body.get("method")
    return Plan(
        fault=Fault(
            kind,
            retry_after=retry_after,
            delay=None if delay is None else float(delay),
            after=after,
        ),
        path=path if isinstance(path, str) else None,
        method=method.upper() if isinstance(method, str) else None,
        times=times,
    )


class FaultPlans:
    def __init__(self) -> None:
        self._plans: list[Plan] = []
        self._lock = threading.Lock()

    def arm(self, plan: Plan) -> None:
        with self._lock:
            self._plans.append(plan)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, spending one of its plan's ``times``."""
        with self._lock:
            for plan in self._plans:
                if plan.matches(method, path):
                    plan.times -= 1
                    if plan.times <= 0:
                        self._plans.remove(plan)
                    return plan.fault
        return None

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [p.to_api() for p in self._plans]

    def reset(self) -> None:
        with self._lock:
            self._plans.clear()

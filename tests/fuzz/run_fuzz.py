"""``make fuzz``: schemathesis against the mock served by uvicorn on a free loopback port, for
every operation the mock serves (read from its route table), positive and negative cases.

    python -m tests.fuzz.run_fuzz [--max-examples N] [--seed S] [--max-seconds T] [-v]
                                  [--dump FILE] [--no-steer] [--operations REGEX]

The spec comes from ``OPENAI_OPENAPI_SPEC`` (skipped, exit 0, when it is unset), rewritten in
memory by ``tests.fuzz.spec``. Phases: the spec's examples, schemathesis's coverage cases
(boundaries, missing and wrong-typed values), random fuzzing and stateful chains (a stored
chat completion read, updated, listed and deleted). Checks:

- ``not_a_server_error``: no 5xx, ever;
- ``response_schema_conformance``: every body (each SSE chunk too) inside its schema, an error
  inside the ``ErrorResponse`` envelope;
- ``status_code_conformance``: the status is documented (the spec's own, plus the real API's
  error statuses 400/401/404/413/429 that ``tests.fuzz.spec`` adds);
- ``content_type_conformance`` and ``response_headers_conformance``;
- ``negative_data_rejection``: a request outside the schema is refused with one of those 4xx;
- ``ignored_auth``: a request without the key, or with a wrong one, gets the 401.

The same seed draws the same cases; ``--max-seconds`` caps the run (the engine is stopped and
the summary says so). Exit status 1 when any check failed or the engine reported an error.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from typing import Any

from conformance.schemas import read_yaml, spec_path

from .spec import (
    ERROR_STATUSES,
    METHODS,
    MULTIPART_REFUSAL,
    SHALLOW_NEGATIVE,
    ModelFacts,
    fuzz_spec,
    negative,
    operations_in,
    respect_cross_field,
    served_operations,
    steer,
    with_examples,
)

KEY = "sk-fuzz"
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "ignored_auth",
)
FROZEN_TIME = 1_700_000_000


# The positive coverage phase is skipped where it would repeat the input item schema's
# (tests.fuzz.spec.SHALLOW_NEGATIVE): examples, fuzzing and stateful cases still run there.
REPEATED_COVERAGE = tuple(
    f"{m.upper()} {p}" for (m, p), names in SHALLOW_NEGATIVE.items() if names != ("tools",)
)


def config(base_url: str, *, seed: int, max_examples: int, mode: str, phases: list[str]) -> Any:
    import schemathesis

    checks: dict[str, Any] = {"enabled": False}
    checks.update({name: {"enabled": True} for name in CHECKS})
    # A negative case (data outside the schema) must be refused with a 4xx in the envelope.
    # (415 is the multipart endpoints' answer to a body that is no form, tests.fuzz.spec.)
    refusals = (*ERROR_STATUSES, MULTIPART_REFUSAL)
    checks["negative_data_rejection"]["expected-statuses"] = [int(s) for s in refusals]
    return schemathesis.Config.from_dict(
        {
            "seed": seed,
            "color": False,
            # The default sanitizer hides "max_tokens" and the like; the key is a dummy.
            "output": {"sanitization": {"enabled": False}},
            "base-url": base_url,
            # The Assistants API's beta header too: every other route ignores it.
            "headers": {"Authorization": f"Bearer {KEY}", "OpenAI-Beta": "assistants=v2"},
            "workers": 1,
            "request-timeout": 30,
            "continue-on-failure": True,
            "generation": {
                "mode": mode,
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
            },
            "phases": {
                name: {"enabled": name in phases}
                for name in ("examples", "coverage", "fuzzing", "stateful")
            },
            "checks": checks,
            "operations": [
                {"include-name": name, "phases": {"coverage": {"enabled": False}}}
                for name in (REPEATED_COVERAGE if mode == "positive" else ())
            ],
        }
    )


def load_schema(spec: dict[str, Any], base_url: str, **options: Any) -> Any:
    """The schemathesis schema with this fuzzer's hooks (``options`` go to ``config``)."""
    import schemathesis

    schema = schemathesis.openapi.from_dict(spec, config=config(base_url, **options))
    schema.hook("filter_failure")(keep_failure)
    if options.get("mode") == "positive":
        schema.hook("map_case")(steer_case)
    return schema


def only_operations(spec: dict[str, Any], pattern: str | None) -> dict[str, Any]:
    """``spec`` with only the operations whose ``METHOD /path`` matches ``pattern``."""
    if not pattern:
        return spec
    paths = {}
    for path, item in spec["paths"].items():
        kept = {
            m: op
            for m, op in item.items()
            if m not in METHODS or re.search(pattern, f"{m.upper()} {path}")
        }
        if any(m in METHODS for m in kept):
            paths[path] = kept
    return {**spec, "paths": paths}


def steer_case(context: Any, case: Any) -> Any:
    """A positive case as the real API would take it: no key its other keys rule out (the
    cross-field rules of ``tests.fuzz.spec.CROSS_FIELD``), and chat completions stored, so
    that the stateful phase's links reach them (``GET``/``POST``/``DELETE``
    ``/chat/completions/{id}``, ``.../messages``) instead of 404s."""
    op = case.operation
    if case.meta is None or case.meta.generation.mode.is_negative:
        return case
    respect_cross_field(op.method, op.path, case.body)
    is_chat = (op.method.upper(), op.path) == ("POST", "/chat/completions")
    if is_chat and isinstance(case.body, dict):
        case.body["store"] = True
    return case


def keep_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False for a failure that proves nothing about the real API (counted as dropped).

    ``metadata`` in a list's query is ``metadata[key]=value``: a negative case that sends
    ``metadata=AAA`` (not an object) sends a different, unknown query parameter, which the
    real API ignores as it ignores every query parameter it does not know.
    """
    meta = case.meta
    data = getattr(getattr(meta, "phase", None), "data", None)
    if meta is None or data is None or not meta.generation.mode.is_negative:
        return True
    location = str(getattr(getattr(data, "parameter_location", None), "value", ""))
    return not (location == "query" and getattr(data, "parameter", None) == "metadata")


def _first_line(text: str, limit: int = 160) -> str:
    line = next((part for part in text.strip().splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _description(case: Any) -> str | None:
    """What schemathesis says it did to a case (e.g. which keyword a negative case breaks)."""
    data = getattr(getattr(getattr(case, "meta", None), "phase", None), "data", None)
    if data is None:
        return None
    parts = [getattr(data, "description", None), getattr(data, "parameter", None)]
    parts += [str(m) for m in getattr(data, "mutations", ())]
    return " | ".join(str(p) for p in parts if p) or None


def _dump(out: Any, case: Any, interaction: Any) -> None:
    """One JSON line per request: what was sent and what came back (``--dump FILE``)."""
    request, response = interaction.request, interaction.response
    meta = getattr(case, "meta", None)
    record = {
        "operation": case.operation.label,
        "phase": str(meta.phase.name.value) if meta else None,
        "mode": str(meta.generation.mode.value) if meta else None,
        "what": _description(case),
        "method": request.method,
        "uri": request.uri,
        "body": request.body.decode("utf-8", "replace") if request.body else None,
        "status": response.status_code if response is not None else None,
        "response": response.content.decode("utf-8", "replace")[:2000] if response else None,
    }
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


class Tally:
    """What the run did and found, from the engine's events."""

    def __init__(self, dump: Any = None) -> None:
        self.cases: Counter[str] = Counter()  # by operation
        self.statuses: defaultdict[str, Counter[int]] = defaultdict(Counter)
        self.kinds: Counter[tuple[str, str]] = Counter()  # (phase, mode)
        self.by_check: Counter[str] = Counter()
        # (operation, check, what) -> [cases, one failure, one reproduction]
        self.distinct: dict[tuple[str, str, str], list[Any]] = {}
        self.dropped = 0
        self.errors: list[str] = []
        self.links: Any = None
        self.stop_reason = "completed"
        self.dump = dump

    def scenario(self, recorder: Any) -> None:
        self.dropped += sum(recorder.filtered_failures.values())
        for case_id, node in recorder.cases.items():
            case = node.value
            label = case.operation.label
            meta = case.meta
            self.cases[label] += 1
            if meta is not None:
                self.kinds[(str(meta.phase.name.value), str(meta.generation.mode.value))] += 1
            interaction = recorder.interactions.get(case_id)
            if interaction is not None and interaction.response is not None:
                self.statuses[label][interaction.response.status_code] += 1
            if interaction is not None and self.dump is not None:
                _dump(self.dump, case, interaction)
            for check in recorder.checks.get(case_id, ()):
                if str(check.status.value) == "failure" and check.failure_info is not None:
                    self.failure(label, check)

    def failure(self, label: str, check: Any) -> None:
        self.by_check[check.name] += 1
        failure = check.failure_info.failure
        lines = failure.message.splitlines()
        what = next((line for line in lines if line.startswith("Invalid component")), "")
        key = (label, check.name, _first_line(f"{failure.title} {what}".strip()))
        entry = self.distinct.setdefault(key, [0, failure, check.failure_info.code_sample])
        entry[0] += 1


def run(args: argparse.Namespace) -> int:
    path = spec_path()
    if path is None:
        print("make fuzz: skipped: OPENAI_OPENAPI_SPEC does not name OpenAI's OpenAPI file")
        return 0
    try:
        import schemathesis  # noqa: F401
    except ImportError:
        print("make fuzz: schemathesis is not installed (pip install -e '.[fuzz]')")
        return 2

    from mockserver.app import create_app
    from mockserver.clock import FixedClock
    from mockserver.settings import Settings
    from mockserver.testing.server import ServerThread

    started = time.monotonic()
    # Cases with malformed headers never reach the app: uvicorn answers them itself and logs it.
    logging.getLogger("uvicorn.error").addFilter(
        lambda record: "Invalid HTTP request received" not in record.getMessage()
    )
    served = served_operations()
    spec = fuzz_spec(read_yaml(path), served)
    covered = operations_in(spec)
    missing = sorted(served - covered)
    # Random positive cases from the steered spec; the examples and the negative cases from
    # the spec as OpenAI wrote it (quirks aside; the repeated input item schema cut short on
    # all but two operations, tests.fuzz.spec.SHALLOW_NEGATIVE): steering must never make a
    # request the real API takes look invalid.
    steered = spec if args.no_steer else steer(spec, catalogue_facts())
    passes = [
        ("positive", with_examples(spec), ["examples"]),
        ("positive", steered, ["coverage", "fuzzing", "stateful"]),
        ("negative", negative(spec), ["coverage", "fuzzing"]),
    ]

    # The only key accepted is the fuzzer's, so that ignored_auth can see a wrong key refused.
    app = create_app(Settings(seed=0, api_keys=(KEY,), clock=FixedClock(FROZEN_TIME)))
    # numpy loaded here, once: the mock's preload thread and the engine's (hypothesis) both
    # import it on their own, and two first imports at once fail one of them ("partially
    # initialized module 'numpy'"), reported as an engine error. After create_app, so that
    # its BLAS setting still applies.
    import numpy  # noqa: F401

    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115
    tally = Tally(dump)
    deadline = started + args.max_seconds
    try:
        with ServerThread(app) as server:
            for mode, pass_spec, phases in passes:
                if time.monotonic() >= deadline:
                    tally.stop_reason = f"time cap of {args.max_seconds:.0f}s reached"
                    break
                schema = load_schema(
                    only_operations(pass_spec, args.operations),
                    server.url + "/v1",
                    seed=args.seed,
                    max_examples=args.max_examples,
                    mode=mode,
                    phases=phases,
                )
                execute(schema, tally, deadline - time.monotonic(), args.max_seconds)
    finally:
        if dump is not None:
            dump.close()
    summary(tally, args, path, covered, missing, time.monotonic() - started)
    return 1 if tally.by_check or tally.errors else 0


def execute(schema: Any, tally: Tally, seconds: float, cap: float) -> None:
    """One engine run, stopped after ``seconds``."""
    from schemathesis.engine import events, from_schema

    stream = from_schema(schema).execute()
    timer = threading.Timer(max(seconds, 0.0), stream.stop)
    timer.daemon = True
    timer.start()
    try:
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                tally.scenario(event.recorder)
            elif isinstance(event, events.PhaseStarted) and event.payload is not None:
                if event.payload.transitions_total:
                    tally.links = event.payload
            elif isinstance(event, events.NonFatalError):
                text = " ".join(str(event.value).split())
                tally.errors.append(f"{event.label}: {text[:600]}")
            elif isinstance(event, events.FatalError):
                tally.errors.append(f"fatal: {event.exception!r}")
            elif isinstance(event, events.EngineFinished):
                reason = str(event.stop_reason.value)
                if reason != "completed":
                    tally.stop_reason = reason
    finally:
        timer.cancel()
    if timer.finished.is_set() and tally.stop_reason != "completed":
        tally.stop_reason = f"time cap of {cap:.0f}s reached"


def catalogue_facts() -> list[ModelFacts]:
    from mockserver.catalogue import Catalogue

    return [
        ModelFacts(m.id, frozenset(m.endpoints), m.is_reasoning, m.reasoning_efforts)
        for m in Catalogue.load()
    ]


def summary(
    tally: Tally,
    args: argparse.Namespace,
    path: str,
    covered: set[tuple[str, str]],
    missing: list[tuple[str, str]],
    elapsed: float,
) -> None:
    print()
    print("== make fuzz: schemathesis against the mock ==")
    print(f"spec: {path}")
    print(f"seed {args.seed}; up to {args.max_examples} examples per operation and phase; "
          f"stopped: {tally.stop_reason}")  # fmt: skip
    if missing:
        print(f"served but not in the spec (not fuzzed): {missing}")
    print(f"operations: {len(covered)}")
    for label in sorted({f"{m} {p}" for m, p in covered}, key=lambda s: s.split(" ", 1)[::-1]):
        codes = ", ".join(f"{code}x{n}" for code, n in sorted(tally.statuses[label].items()))
        print(f"  {label:<48} {tally.cases[label]:>5} cases  [{codes}]")
    kinds = ", ".join(f"{phase} {mode} {n}" for (phase, mode), n in sorted(tally.kinds.items()))
    print(f"cases: {sum(tally.cases.values())} ({kinds})")
    if tally.links is not None:
        print(f"stateful links: {tally.links.transitions_selected} of "
              f"{tally.links.transitions_total}")  # fmt: skip
    print(f"time: {elapsed:.1f}s")
    print("failures by check:")
    for name in CHECKS:
        print(f"  {name:<30} {tally.by_check.get(name, 0)}")
    for name in sorted(set(tally.by_check) - set(CHECKS)):
        print(f"  {name:<30} {tally.by_check[name]}")
    if tally.dropped:
        print(f"  (dropped as proving nothing about the real API: {tally.dropped})")
    if tally.errors:
        print(f"errors: {len(tally.errors)}")
        for line in tally.errors[:20]:
            print(f"  {line}")
    if tally.distinct:
        print(f"distinct failures: {len(tally.distinct)}")
        for (label, check, title), (count, failure, sample) in sorted(tally.distinct.items()):
            print(f"- [{check}] {label}: {title} ({count} cases)")
            if args.verbose:
                for line in failure.message.strip().splitlines()[:6]:
                    print("    " + line[:400])
                print("    " + sample.replace("\n", "\n    "))
    ok = not tally.by_check and not tally.errors
    print("fuzz: " + ("ok: 0 server errors, 0 responses outside the schema" if ok else "FAILED"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    # 50: the coverage phase draws the systematic cases; 96 operations' random ones fit the cap.
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=240.0)
    parser.add_argument("-v", "--verbose", action="store_true", help="each failure's details")
    parser.add_argument("--no-steer", action="store_true", help="positive cases unsteered too")
    parser.add_argument("--dump", help="write every request and response to FILE (JSON lines)")
    parser.add_argument(
        "--operations", metavar="REGEX", help="only the operations whose 'METHOD /path' matches"
    )
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

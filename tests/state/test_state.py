"""``MockState``: a reset builds every part anew (config rules come back, run-time ones do not),
and no scripted reply outlives the rule that made it."""

from __future__ import annotations

import dataclasses
import sys
import threading
from typing import Any

from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from mockserver.state import Backends, MockState
from tests.conftest import AUTH

SCRIPTED = "scripted reply"
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "race me"}]}


def test_reset_builds_every_backend_and_sequence_anew() -> None:
    config_rule = {"match": {"contains": "config"}, "reply": {"content": "from config"}}
    mock = MockState(Settings(rules=(config_rule,)))
    first_id = mock.ids.new("chatcmpl-")
    mock.backends.chat_completions.keep(
        {"id": "chatcmpl-x", "model": "gpt-4o"}, asked="gpt-4o", messages=[], metadata=None
    )
    mock.rules.add({"match": {}, "reply": {"content": "added"}})
    old = mock.backends
    mock.reset()
    assert mock.ids.new("chatcmpl-") == first_id
    assert mock.backends.chat_completions.get("chatcmpl-x") is None
    # Every backend is a field with a fresh default: none is carried over by a reset.
    for item in dataclasses.fields(Backends):
        assert getattr(mock.backends, item.name) is not getattr(old, item.name)
    found = mock.rules.first_match(endpoint="chat.completions", model="m", text="config")
    assert found is not None and found.reply == {"content": "from config"}
    assert mock.rules.first_match(endpoint="chat.completions", model="m", text="other") is None


def _content(client: TestClient) -> Any:
    response = client.post("/v1/chat/completions", json=BODY, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()["choices"][0]["message"]["content"]


def test_a_scripted_reply_is_never_served_after_reset_removed_its_rule() -> None:
    # Requests matching a rule race resets that remove it (the replay cache once kept the
    # scripted reply and served it for every later identical request). Clients outside a
    # ``with`` block run each request on its own event loop thread: truly concurrent, and a
    # tiny switch interval lets the threads interleave anywhere.
    app = create_app(Settings(seed=0, clock=FixedClock(1_700_000_000)))
    rule = {"match": {"contains": "race"}, "reply": {"content": SCRIPTED}}
    control = TestClient(app, base_url="http://mock")
    generated = _content(control)
    assert generated != SCRIPTED
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(40):
            assert control.post("/__mock__/rules", json=rule).status_code == 200
            seen: list[Any] = []

            def ask(into: list[Any] = seen) -> None:
                into.append(_content(TestClient(app, base_url="http://mock")))

            workers = [threading.Thread(target=ask) for _ in range(3)]
            for worker in workers:
                worker.start()
            assert control.post("/__mock__/reset").status_code == 200
            for worker in workers:
                worker.join()
            assert set(seen) <= {SCRIPTED, generated}
            # The rule is gone: every later identical request gets the generated reply.
            assert [_content(control) for _ in range(2)] == [generated] * 2
    finally:
        sys.setswitchinterval(interval)

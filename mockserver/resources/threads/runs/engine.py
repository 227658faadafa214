"""A run's life: its reply planned by the same ``llm/`` layer as a chat completion's, one turn
at a time (a turn ends with a message, with tool calls to answer, or incomplete), and moved
queued -> in_progress -> its outcome by ``state/lifecycle.py`` (one step per retrieve by
default). What a turn produces (the assistant message, the run steps) is written when the run
reaches that status, so a thread's messages are those a real client would see by then."""

from __future__ import annotations

from typing import Any

from .... import tokens
from ....catalogue import Model
from ....llm.messages import Conversation
from ....llm.plan import ModelCall, plan
from ....llm.prompt_tokens import count_messages
from ....llm.response_format import schema_tokens
from ....llm.tool_tokens import prompt_tokens as tool_prompt_tokens
from ....state import MockState
from ....state.lifecycle import Lifecycle
from ...assistants.request import DEFAULT_RANKING
from .. import errors as thread_errors
from .. import render
from ..backend import Obj, Threads
from ..request import NewMessage, text_part
from . import file_search

LIFECYCLE = Lifecycle(("queued", "in_progress", "done"), ((0.5, 1.5), (1.0, 3.0)))
# A run not finished within ten minutes expires (the API reference).
EXPIRES_AFTER = 600
ACTIVE = ("queued", "in_progress", "requires_action", "cancelling")
FINAL = ("completed", "incomplete", "cancelled", "failed", "expired")


def _threads(mock: MockState) -> Threads:
    return mock.backends.threads


def usage(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def run_object(run_id: str, created_at: int, thread_id: str, assistant_id: str, fields: Obj) -> Obj:
    """A queued run with every field, in the API reference's order."""
    return {
        "id": run_id,
        "object": "thread.run",
        "created_at": created_at,
        "assistant_id": assistant_id,
        "thread_id": thread_id,
        "status": "queued",
        "started_at": None,
        "expires_at": created_at + EXPIRES_AFTER,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "required_action": None,
        "last_error": None,
        "model": fields["model"],
        "instructions": fields["instructions"],
        "tools": fields["tools"],
        "metadata": fields["metadata"],
        "incomplete_details": None,
        "usage": None,
        "temperature": fields["temperature"],
        "top_p": fields["top_p"],
        "max_prompt_tokens": fields["max_prompt_tokens"],
        "max_completion_tokens": fields["max_completion_tokens"],
        "truncation_strategy": fields["truncation_strategy"],
        "response_format": fields["response_format"],
        "tool_choice": fields["tool_choice"],
        "parallel_tool_calls": fields["parallel_tool_calls"],
    }


# --- planning a turn -------------------------------------------------------------------------


def _text(message: Obj) -> str:
    return " ".join(
        part["text"]["value"] for part in message["content"] if part.get("type") == "text"
    )


def _chat_messages(mock: MockState, run: Obj, history: list[Obj], keep: int | None) -> list[Obj]:
    thread = [
        {"role": m["role"], "content": _text(m)} for m in _threads(mock).messages(run["thread_id"])
    ]
    if keep is not None:
        thread = thread[-keep:] if keep else []
    instructions = (
        [{"role": "system", "content": run["instructions"]}] if run["instructions"] else []
    )
    return [*instructions, *thread, *history]


def _tool_choice(choice: Any) -> Any:
    # file_search and code_interpreter run inside the API: no function call to make.
    if isinstance(choice, dict) and choice.get("type") != "function":
        return "none"
    return choice


def _response_format(rf: Any) -> Any:
    return None if rf == "auto" else rf


def _prompt_tokens(messages: list[Obj], run: Obj, model: Model) -> int:
    conversation = Conversation.of(messages)
    functions = [t for t in run["tools"] if t["type"] == "function"]
    return (
        count_messages(conversation.messages, model.encoding)
        + tool_prompt_tokens(functions, messages, _tool_choice(run["tool_choice"]), model.encoding)
        + schema_tokens(_response_format(run["response_format"]), model.encoding)
    )


def _fitted(mock: MockState, run: Obj, state: Obj, model: Model) -> tuple[list[Obj], int]:
    """The turn's messages within ``max_prompt_tokens``: the last N with ``last_messages``,
    else (``auto``) the oldest thread messages dropped until the rest fit."""
    strategy = run["truncation_strategy"]
    keep = strategy["last_messages"] if strategy["type"] == "last_messages" else None
    history = state["history"]
    limit = run["max_prompt_tokens"]
    while True:
        messages = _chat_messages(mock, run, history, keep)
        count = _prompt_tokens(messages, run, model)
        thread_count = len(messages) - len(history) - (1 if run["instructions"] else 0)
        if limit is None or count <= limit or strategy["type"] != "auto" or thread_count <= 1:
            return messages, count
        keep = thread_count - 1


def plan_turn(mock: MockState, run: Obj, state: Obj) -> Obj:
    """What this turn of the run produces, planned once when the turn starts."""
    model = mock.catalogue.get(run["model"])
    messages, prompt = _fitted(mock, run, state, model)
    if run["max_prompt_tokens"] is not None and prompt > run["max_prompt_tokens"]:
        return {"kind": "incomplete", "reason": "max_prompt_tokens", "usage": usage(0, 0)}
    limit = run["max_completion_tokens"]
    budget = max(0, min(limit or model.max_output_tokens, model.context_window - prompt))
    call = ModelCall(
        model=model,
        asked=run["model"],
        conversation=Conversation.of(messages),
        seed=mock.seed,
        budget=budget,
        prompt_tokens=prompt,
        tools=[t for t in run["tools"] if t["type"] == "function"],
        tool_choice=_tool_choice(run["tool_choice"]),
        parallel_tool_calls=run["parallel_tool_calls"],
        response_format=_response_format(run["response_format"]),
        reasoning_effort=state.get("reasoning_effort"),
    )
    found = (
        None if state["history"] else file_search.find(mock, run, call.conversation.last_user_text)
    )
    if found is not None:
        call = _with_search_results(call, found, model)
    reply = plan(call, rule=None, new_call_id=lambda: mock.ids.new("call_"))
    choice = reply.choices[0]
    spent = usage(call.prompt_tokens, reply.usage["completion_tokens"])
    if choice.tool_calls:
        return {"kind": "tool_calls", "calls": choice.tool_calls, "usage": spent}
    cut = choice.finish_reason == "length" and limit is not None
    outcome: Obj = {
        "kind": "message",
        "text": choice.content or "",
        "annotations": [],
        "reason": "max_completion_tokens" if cut else None,
        "usage": spent,
    }
    if found is not None:
        _cite(outcome, found, state["turn"], model)
        outcome["search"] = {
            "call_id": mock.ids.new("call_"),
            "ranking_options": {**DEFAULT_RANKING, **found.ranking_options},
            "results": found.results,
        }
    return outcome


def _with_search_results(call: ModelCall, found: file_search.Found, model: Model) -> ModelCall:
    """The call with the best chunk fed back as the file_search call's result (so the reply
    answers from it, and its tokens count as input)."""
    best = found.results[0]["content"][0]["text"]
    fed = [
        *call.conversation.raw,
        {"role": "tool", "tool_call_id": "file_search", "content": best},
    ]
    conversation = Conversation.of(fed)
    extra = count_messages(conversation.messages[-1:], model.encoding)
    return call._replace(conversation=conversation, prompt_tokens=call.prompt_tokens + extra)


def _cite(outcome: Obj, found: file_search.Found, turn: int, model: Model) -> None:
    """The reply from the best file, which it cites: the chunk's words, its marker at the
    end and a file_citation annotation over it (the real API's "【4:0†name】" form)."""
    best = found.results[0]
    marker = f"【{turn + 4}:0†{best['file_name']}】"
    text = file_search.answer(best)
    start = len(text)
    outcome["text"] = text + marker
    outcome["annotations"] = [
        {
            "type": "file_citation",
            "text": marker,
            "start_index": start,
            "end_index": start + len(marker),
            "file_citation": {"file_id": best["file_id"]},
        }
    ]
    spent = outcome["usage"]
    outcome["usage"] = usage(spent["prompt_tokens"], tokens.count(outcome["text"], model.encoding))


# --- moving a run --------------------------------------------------------------------------


def start(
    mock: MockState, thread_id: str, run: Obj, reasoning_effort: str | None, *, to_end: bool
) -> Obj:
    """A new run's record, its first turn planned, and where it stands already."""
    state: Obj = {
        "turn": 0,
        "turn_started": run["created_at"],
        "polls": 0,
        "history": [],
        "usage": usage(0, 0),
        "tool_step": None,
        "turn_step": None,
        "search_step": None,
        "cancel": False,
        "reasoning_effort": reasoning_effort,
    }
    state["outcome"] = plan_turn(mock, run, state)
    record = {"id": run["id"], "thread_id": thread_id, "run": run, "state": state}
    return advance(mock, record, poll=False, to_end=to_end)


def _add_usage(state: Obj, spent: Obj) -> Obj:
    total = state["usage"]
    return usage(
        total["prompt_tokens"] + spent["prompt_tokens"],
        total["completion_tokens"] + spent["completion_tokens"],
    )


def _finish(mock: MockState, record: Obj, at: int) -> None:
    """The turn's outcome reached: write its message and steps, and the run's final fields."""
    run, state = record["run"], record["state"]
    outcome = state["outcome"]
    threads = _threads(mock)
    state["usage"] = _add_usage(state, outcome["usage"])
    if outcome["kind"] == "tool_calls":
        calls = outcome["calls"]
        details: Obj = {
            "type": "tool_calls",
            "tool_calls": [
                {"id": c["id"], "type": "function", "function": {**c["function"], "output": None}}
                for c in calls
            ],
        }
        step = render.step(mock.ids.new("step_"), at, run, details)
        step["usage"] = outcome["usage"]
        threads.put_step(step)
        state["tool_step"] = state["turn_step"] = step["id"]
        run["status"] = "requires_action"
        run["required_action"] = {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {"tool_calls": calls},
        }
        return
    if outcome["kind"] == "message":
        if outcome.get("search") is not None:
            step_id = _search_step(mock, run, outcome["search"], at)["id"]
            state["search_step"] = step_id
            # The results' text, shown only when a steps request asks for it (include[]).
            state.setdefault("search_results", {})[step_id] = outcome["search"]["results"]
        incomplete = outcome["reason"] is not None
        message = render.message(
            mock.ids.new("msg_"),
            at,
            run["thread_id"],
            _assistant_message(outcome["text"], outcome.get("annotations") or []),
            assistant_id=run["assistant_id"],
            run_id=run["id"],
            status="incomplete" if incomplete else "completed",
        )
        if incomplete:
            message["incomplete_at"] = at
            message["incomplete_details"] = {"reason": "max_tokens"}
        threads.add_message(message)
        details = {
            "type": "message_creation",
            "message_creation": {"message_id": message["id"]},
        }
        step = render.step(mock.ids.new("step_"), at, run, details, status="completed")
        step["completed_at"] = at
        step["usage"] = outcome["usage"]
        threads.put_step(step)
        state["turn_step"] = step["id"]
    run["status"] = "completed" if outcome.get("reason") is None else "incomplete"
    if run["status"] == "completed":
        run["completed_at"] = at
    else:
        run["incomplete_details"] = {"reason": outcome["reason"]}
    run["expires_at"] = None
    run["usage"] = state["usage"]


def _assistant_message(text: str, annotations: list[Obj]) -> NewMessage:
    part = text_part(text)
    part["text"]["annotations"] = annotations
    return NewMessage("assistant", [part], [], {})


def _search_step(mock: MockState, run: Obj, search: Obj, at: int) -> Obj:
    """The file_search call's step, done when the answer starts: its results without their
    text (``file_search.with_content`` adds it for ``include[]``)."""
    results = [{k: v for k, v in r.items() if k != "content"} for r in search["results"]]
    call = {
        "id": search["call_id"],
        "type": "file_search",
        "file_search": {"ranking_options": search["ranking_options"], "results": results},
    }
    details: Obj = {"type": "tool_calls", "tool_calls": [call]}
    step = render.step(mock.ids.new("step_"), at, run, details, status="completed")
    step["completed_at"] = at
    step["usage"] = usage(0, 0)
    return mock.backends.threads.put_step(step)


def _cancelled(mock: MockState, record: Obj) -> None:
    run, state = record["run"], record["state"]
    now = mock.now()
    run.update(status="cancelled", cancelled_at=now, expires_at=None, required_action=None)
    if state["tool_step"] is not None:
        step = _threads(mock).step(run["id"], state["tool_step"])
        if step is not None and step["status"] == "in_progress":
            _threads(mock).put_step({**step, "status": "cancelled", "cancelled_at": now})


def advance(mock: MockState, record: Obj, *, poll: bool, to_end: bool = False) -> Obj:
    """Where the run stands now (a retrieve is a ``poll``: one more step in poll mode;
    ``to_end``: every step at once, as a stream shows them); written back."""
    run, state = record["run"], record["state"]
    if run["status"] in FINAL or run["status"] == "requires_action":
        return record
    if state["cancel"]:
        _cancelled(mock, record)
        return _threads(mock).put_run(record)
    if poll:
        state["polls"] += 1
    progress = LIFECYCLE.progress(
        "instant" if to_end else mock.lifecycle,
        created=state["turn_started"],
        now=mock.clock.now(),
        polls=state["polls"],
        seed=mock.seed,
        key=f"{run['id']}/{state['turn']}",
    )
    if progress.index >= 1:
        run["status"] = "in_progress"
        if run["started_at"] is None:
            run["started_at"] = progress.entered[1]
    if progress.finished:
        _finish(mock, record, progress.entered[-1])
    return _threads(mock).put_run(record)


def settle(mock: MockState, thread_id: str) -> None:
    """Bring the thread's unfinished runs up to date (time may have moved them on)."""
    for record in _threads(mock).runs(thread_id):
        if record["run"]["status"] in ("queued", "in_progress", "cancelling"):
            advance(mock, record, poll=False)


def active_run(mock: MockState, thread_id: str) -> str | None:
    settle(mock, thread_id)
    for record in _threads(mock).runs(thread_id):
        if record["run"]["status"] in ACTIVE:
            return str(record["id"])
    return None


def cancel(mock: MockState, record: Obj) -> Obj:
    run = record["run"]
    if run["status"] not in ("queued", "in_progress", "requires_action"):
        raise thread_errors.cannot_cancel(run["status"])
    run["status"] = "cancelling"
    record["state"]["cancel"] = True
    return _threads(mock).put_run(record)


def submit_tool_outputs(
    mock: MockState, record: Obj, outputs: list[dict[str, str]], *, to_end: bool
) -> Obj:
    """The outputs of the calls the run waits for: the tool step completes, and a new turn
    (answering with them) starts queued."""
    run, state = record["run"], record["state"]
    if run["status"] != "requires_action":
        raise thread_errors.no_tool_outputs_expected(run["status"])
    calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    expected = [c["id"] for c in calls]
    given = [o["tool_call_id"] for o in outputs]
    if sorted(expected) != sorted(given):
        raise thread_errors.tool_outputs_mismatch(expected, given)
    now = mock.now()
    by_id = {o["tool_call_id"]: o["output"] for o in outputs}
    threads = _threads(mock)
    step = threads.step(run["id"], state["tool_step"])
    if step is not None:
        details = step["step_details"]
        for call in details["tool_calls"]:
            call["function"]["output"] = by_id[call["id"]]
        threads.put_step({**step, "status": "completed", "completed_at": now})
    state["history"] = [
        *state["history"],
        {"role": "assistant", "content": None, "tool_calls": calls},
        *({"role": "tool", "tool_call_id": c, "content": by_id[c]} for c in expected),
    ]
    run.update(status="queued", required_action=None)
    state.update(turn=state["turn"] + 1, turn_started=now, polls=0, tool_step=None, turn_step=None)
    state["outcome"] = plan_turn(mock, run, state)
    state["answered_step"] = step["id"] if step is not None else None
    return advance(mock, record, poll=False, to_end=to_end)

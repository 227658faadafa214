"""POST /v1/responses, /responses/compact and the stored-response endpoints (retrieve,
delete, cancel, input items)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import orjson
from starlette.requests import Request

from ... import tokens
from ...http import errors
from ...http.body import json_body
from ...http.obfuscation import Obfuscator
from ...http.pagination import page_query
from ...http.params import check, check_value, param, query_int
from ...http.sse import EventStream
from ...llm import tool_tokens
from ...llm.messages import Conversation
from ...llm.plan import ModelCall, Reply, plan
from ...llm.prompt_tokens import REPLY_PRIMING, count_messages
from ...state import MockState, mock_state
from ...state.rules import Rule
from ..conversations import errors as conv_errors
from . import (
    client_tools,
    code_containers,
    code_interpreter,
    compact,
    context_items,
    file_search,
    hosted_shell,
    image_generation,
    options,
    serving,
    tool_search,
    web_search,
)
from . import errors as resp_errors
from . import request as resp_request
from . import tools as resp_tools
from .backend import Record, StoredResponses, input_item
from .items import chat_messages
from .render import Output, item_id, response_api
from .stream import events, frame, frames

ENDPOINT = "responses"


def _store(mock: MockState) -> StoredResponses:
    return mock.backends.responses


def _history(
    mock: MockState, previous: Any, kept: dict[str, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    """The context a ``previous_response_id`` continues (the real 400 for one never stored),
    from ``kept`` first when given."""
    if previous is None:
        return []
    check_value("previous_response_id", param("string"), previous)
    if kept is not None and previous in kept:
        return kept[previous]
    record = _store(mock).get(previous)
    if record is None:
        raise resp_errors.previous_response_not_found(previous)
    history: list[dict[str, Any]] = record["context"]
    return history


def _conversation(mock: MockState, body: dict[str, Any]) -> tuple[str | None, list[Any]]:
    """The conversation a response reads and extends (its id), and its items as context."""
    given = body.get("conversation")
    if given is None:
        return None, []
    if body.get("previous_response_id") is not None:
        raise resp_errors.mutually_exclusive()
    check_value("conversation", param("string", "object"), given)
    if isinstance(given, dict):
        if given.get("id") is None:
            raise errors.missing_parameter("conversation.id")
        check_value("conversation.id", param("string"), given["id"])
        given = given["id"]
    record = mock.backends.conversations.get(given)
    if record is None:
        raise conv_errors.conversation_not_found(given)
    return given, chat_messages(record["items"])


def _output_messages(output: Output) -> list[dict[str, Any]]:
    """The output items as the chat-form messages a continuation sees."""
    messages: list[dict[str, Any]] = []
    calls = []
    for item in output.items:
        if item["type"] == "shell_call" and code_containers.used_by(item) is not None:
            continue  # a hosted shell's call: the answer after it carries the text
        if item["type"] in client_tools.PREFIXES:
            calls.append(client_tools.chat_call(item))
        elif item["type"] == "function_call":
            calls.append(
                {
                    "id": item["call_id"],
                    "type": "function",
                    "function": {"name": item["name"], "arguments": item["arguments"]},
                }
            )
        elif item["type"] == "message":
            text = "".join(p["text"] for p in item["content"] if p["type"] == "output_text")
            messages.append({"role": "assistant", "content": text})
    if calls:
        messages.append({"role": "assistant", "content": None, "tool_calls": calls})
    return messages


def _parse(
    mock: MockState, body: dict[str, Any], kept: dict[str, list[dict[str, Any]]] | None = None
) -> resp_request.ResponsesRequest:
    resp_request.check_prompt(body)
    model = mock.catalogue.for_endpoint(body.get("model"), ENDPOINT)
    conversation_id, conversation = _conversation(mock, body)
    history = conversation or _history(mock, body.get("previous_response_id"), kept)

    def check_stateful(where: str, tool: Any) -> dict[str, Any]:
        if tool["type"] == "image_generation":
            return image_generation.check_tool(mock.catalogue, where, tool)
        return file_search.check_tool(where, tool, mock)

    req = resp_request.parse(body, model, mock.seed, history, conversation_id, check_stateful)
    code_containers.check_containers(mock, req.tools)
    searched = tool_search.client_loaded(context_items.latest_first(mock, req))
    if searched:
        # The tools the caller's own searches loaded are the model's to call.
        req = replace(req, call=_with_tools(req.call, resp_tools.check_tools(searched)))
    return replace(req, options=options.parse(body, mock.catalogue))


def _search(
    mock: MockState, req: resp_request.ResponsesRequest, rid: str
) -> file_search.Found | web_search.Found | None:
    """The search the turn runs first: when the request has a search tool (file_search before
    web_search), the turn is a user's and the tool choice allows it."""
    choice = req.tool_choice
    forced = choice.get("type") if isinstance(choice, dict) else None
    last = req.call.conversation.messages[-1] if req.call.conversation.messages else None
    called = ("function", "custom", *resp_tools.BUILT_IN_CHOICES)
    if choice == "none" or forced in called or last is None or last.role != "user":
        return None
    query = req.call.conversation.last_user_text
    for tool in req.tools:
        if tool["type"] == "file_search" and forced in (None, "file_search"):
            return file_search.run(
                mock,
                tool,
                query,
                item_id(mock.seed, "fs_", rid, 0),
                with_results="file_search_call.results" in req.include,
            )
    for tool in req.tools:
        if tool["type"] in web_search.TYPES:
            return web_search.run(
                mock.seed,
                tool,
                query,
                item_id(mock.seed, "ws_", rid, 0),
                with_sources="web_search_call.action.sources" in req.include,
            )
    return None


# A tool the server ran: its call item, the result the model reads, what the answer cites.
Ran = (
    file_search.Found
    | web_search.Found
    | code_interpreter.Ran
    | image_generation.Ran
    | hosted_shell.Ran
)


def _with_result(call: ModelCall, ran: Ran, name: str, arguments: str) -> ModelCall:
    """The call the answer is planned from once a tool has run: the tool's call and result
    added to the conversation (counted as input tokens)."""
    tool_call_id = ran.item["id"]
    added: list[dict[str, Any]] = [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": tool_call_id,
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        },
        {"role": "tool", "tool_call_id": tool_call_id, "content": ran.result_text},
    ]
    extra = count_messages(Conversation.of(added).messages, call.encoding) - REPLY_PRIMING
    return call._replace(
        conversation=Conversation.of([*call.conversation.raw, *added]),
        prompt_tokens=call.prompt_tokens + extra,
        budget=max(min(call.budget, call.model.context_window - call.prompt_tokens - extra), 0),
    )


def _searched(
    mock: MockState, req: resp_request.ResponsesRequest, rid: str
) -> tuple[ModelCall, file_search.Found | web_search.Found | None]:
    """The call the reply is planned from: after the search, if one runs (its results are
    then a tool result the answer is drawn from, and count as input tokens)."""
    call = req.call
    found = _search(mock, req, rid)
    if found is None:
        return call, None
    query = call.conversation.last_user_text
    if found.item["type"] == "file_search_call":
        name, arguments = "file_search", json.dumps({"queries": [query]}, ensure_ascii=False)
    else:
        name, arguments = "web_search", json.dumps({"query": query}, ensure_ascii=False)
    return _with_result(call, found, name, arguments), found


def _hosted(
    mock: MockState, req: resp_request.ResponsesRequest, rid: str, reply: Reply
) -> code_interpreter.Ran | image_generation.Ran | hosted_shell.Ran | None:
    """The code interpreter, hosted shell or image generation run, when the planner called
    one of them."""
    (choice,) = reply.choices
    called = choice.tool_calls[0] if choice.tool_calls else None
    name = called["function"]["name"] if called is not None else None
    tool = next((t for t in req.tools if t["type"] == name), None)
    container = code_containers.container_of(tool) if tool is not None else None
    if called is None or tool is None or (name not in resp_tools.HOSTED_TYPES and not container):
        return None
    question = req.call.conversation.last_user_text
    if container is not None:
        used = code_containers.container_for(
            mock, container, rid, code_containers.earlier(mock, req)
        )
        if name == "shell":
            ids = (item_id(mock.seed, "sh_", rid, 0), item_id(mock.seed, "sho_", rid, 0))
            files = hosted_shell.container_files(mock, used)
            return hosted_shell.run(question, called["id"], ids, used, files)
        return code_interpreter.run(
            tool,
            question,
            item_id(mock.seed, "ci_", rid, 0),
            used,
            with_outputs=code_interpreter.INCLUDE in req.include,
        )
    return image_generation.run(
        mock.catalogue, mock.seed, tool, question, item_id(mock.seed, "ig_", rid, 0)
    )


def _with_tools(call: ModelCall, added: list[dict[str, Any]], extra: int = 0) -> ModelCall:
    """The call with more tools the model may call (a search loaded them): their tokens, and
    ``extra`` more, count as input."""
    tools = [*call.tools, *resp_tools.chat_tools(added)]
    messages = call.conversation.raw
    extra += tool_tokens.prompt_tokens(
        tools, messages, call.tool_choice, call.encoding
    ) - tool_tokens.prompt_tokens(call.tools, messages, call.tool_choice, call.encoding)
    return call._replace(
        tools=tools,
        tool_choice=call.tool_choice if call.tools else "auto",
        prompt_tokens=call.prompt_tokens + extra,
        budget=max(min(call.budget, call.model.context_window - call.prompt_tokens - extra), 0),
    )


def _user_turn(req: resp_request.ResponsesRequest) -> bool:
    """Whether the model is answering the user (a tool may be searched for first)."""
    messages = req.call.conversation.messages
    return req.tool_choice != "none" and bool(messages) and messages[-1].role == "user"


def _loaded(
    mock: MockState, req: resp_request.ResponsesRequest, rid: str
) -> tuple[ModelCall, tool_search.Loaded | None]:
    """The call after a tool search, if one runs: the functions it loaded are then the
    model's to call (and count as input tokens)."""
    call = req.call
    if not _user_turn(req):
        return call, None
    ids = (item_id(mock.seed, "ts_", rid, 0), item_id(mock.seed, "tso_", rid, 0))
    loaded = tool_search.run(req.tools, call.conversation.last_user_text, ids)
    if loaded is None:
        return call, None
    arguments = orjson.dumps(loaded.items[0]["arguments"]).decode()
    return _with_tools(call, loaded.tools, tokens.count(arguments, call.encoding)), loaded


def _handed(mock: MockState, req: resp_request.ResponsesRequest, rid: str) -> Output | None:
    """The output when the turn's tool search is the client's: its call alone (the response
    stops there, as for a function call). Not when the input answers a search: the model
    now calls what it loaded."""
    answered = any(item.get("type") == "tool_search_output" for item in req.input.items)
    if answered or not _user_turn(req):
        return None
    call = tool_search.client_call(
        req.tools,
        req.call.conversation.last_user_text,
        lambda: mock.ids.new("call_"),
        item_id(mock.seed, "ts_", rid, 0),
    )
    if call is None:
        return None
    arguments = tokens.count(orjson.dumps(call["arguments"]).decode(), req.call.encoding)
    return Output.only([call], req.call.prompt_tokens, arguments)


def _planned(
    mock: MockState, req: resp_request.ResponsesRequest, rid: str, rule: Rule | None
) -> tuple[Reply, Ran | None, tool_search.Loaded | None]:
    """The reply, after the tool the server runs first (a tool search, a search), or after the
    built-in tool the planner called (then planned again from its result, which the model now
    answers)."""
    widened, loaded = _loaded(mock, req, rid)
    if loaded is not None:
        reply = plan(widened, rule=rule, new_call_id=lambda: mock.ids.new("call_"))
        return reply, None, loaded
    planned, found = _searched(mock, req, rid)
    reply = plan(planned, rule=rule, new_call_id=lambda: mock.ids.new("call_"))
    if found is not None:
        return reply, found, None
    ran = _hosted(mock, req, rid, reply)
    if ran is None:
        return reply, None, None
    # The tool is called once: a forced choice has been met, the model now answers.
    with_result = _with_result(planned, ran, ran.item["type"].removesuffix("_call"), "{}")
    answered = with_result._replace(tool_choice="auto")
    return plan(answered, rule=None, new_call_id=lambda: mock.ids.new("call_")), ran, None


@dataclass(frozen=True)
class Created:
    """A response made by ``create``: the finished object, what its stream is made from, and
    the context a continuation of it reads."""

    req: resp_request.ResponsesRequest
    response: dict[str, Any]
    queued: dict[str, Any] | None
    content_ids: list[int]
    context: list[dict[str, Any]]
    tool_calls: list[dict[str, Any]]

    def events(self, seed: int) -> Iterator[dict[str, Any]]:
        """Its stream's events, as ``stream: true`` sends them."""
        rid = self.response["id"]
        obfuscator = Obfuscator(seed, rid) if self.req.include_obfuscation else None
        encoding = self.req.call.encoding
        return events(
            self.response, self.content_ids, encoding, obfuscator, queued=self.req.background
        )


def create(
    mock: MockState,
    body: dict[str, Any],
    kept: dict[str, list[dict[str, Any]]] | None = None,
    *,
    generate: bool = True,
) -> Created:
    """A response planned, stored (``store``) and added to its conversation: what POST
    /v1/responses and ``response.create`` over a WebSocket share. ``kept`` holds contexts a
    ``previous_response_id`` may name besides the stored ones (a socket's last response);
    without ``generate`` (a socket's warm-up) the input is read and nothing is planned."""
    req = _parse(mock, body, kept)
    model = req.call.model
    call = req.call
    rule = mock.rules.first_match(
        endpoint=ENDPOINT,
        model=call.asked,
        text=call.conversation.last_user_text,
        has_tools=req.has_tools,
    )
    if rule is not None:
        rule.raise_error()
    rid = mock.ids.new("resp_")
    created = mock.now()
    if not generate or req.options.prewarm:
        # A warm-up, or a cache prewarm (which overrides ``generate``): nothing is made.
        output, found = Output.nothing(call.prompt_tokens), None
    elif (handed := _handed(mock, req, rid)) is not None:
        output, found = handed, None
    else:
        reply, found, loaded = _planned(mock, req, rid, rule)
        output = Output.of(req, reply, mock.seed, rid)
        for item in reversed(loaded.items if loaded is not None else []):
            output = output.with_tool_call(item, [])
    if found is not None:
        text = "".join(
            part["text"]
            for item in output.items
            if item["type"] == "message"
            for part in item["content"]
        )
        if isinstance(found, hosted_shell.Ran):
            output = output.with_tool_call(found.output_item, [])
        output = output.with_tool_call(found.item, found.citations(text))
    output = serving.compacted(req, output, mock.seed, rid)
    output, moderation = serving.moderated(req, output)
    echoed = serving.echoed(req)
    response = response_api(
        req,
        rid=rid,
        created=created,
        model=model.responds_as,
        status=output.status,
        output=output,
        served=echoed,
    )
    compared = req.options.comparison_response_id
    finished = {
        "moderation": moderation,
        "prompt_cache_diagnostics": serving.cache_diagnostics(
            req, response, _store(mock).get(compared) if compared is not None else None
        ),
        "tool_usage": serving.tool_usage(req, output),
    }
    response.update({k: v for k, v in finished.items() if v is not None})
    queued = None
    if req.background:
        queued = response_api(
            req,
            rid=rid,
            created=created,
            model=model.responds_as,
            status="queued",
            output=None,
            served=echoed,
        )
    input_items = [input_item(mock.seed, rid, k, it) for k, it in enumerate(req.input.items)]
    if req.conversation_id is not None:
        # The response's input and output join the conversation, in order.
        mock.backends.conversations.append(req.conversation_id, [*input_items, *output.items])
    context = req.history + req.input.messages + _output_messages(output)
    if req.store:
        _store(mock).keep(
            response,
            input_items=input_items,
            context=context,
            background=req.background,
            queued=queued,
            polls=0,
            # A streamed background response is done when its stream is.
            settled=req.background and req.stream,
            content_ids=output.content_ids,
            encoding=call.encoding,
        )
    calls = [item for item in output.items if item["type"] in ("function_call", "custom_tool_call")]
    return Created(req, response, queued, output.content_ids, context, calls)


async def create_response(request: Request) -> Any:
    mock = mock_state(request)
    made = create(mock, await json_body(request))
    if made.req.stream:
        return EventStream(frame(event) for event in made.events(mock.seed))
    if made.queued is not None:
        return made.queued
    return made.response


async def count_input_tokens(request: Request) -> Any:
    """POST /v1/responses/input_tokens: what the same request to create would count as input
    (nothing is planned or stored)."""
    mock = mock_state(request)
    body = await json_body(request)
    check(body, resp_request.INPUT_TOKENS_SPEC)
    body = {k: v for k, v in body.items() if k != "personality" and v is not None}
    req = _parse(mock, {"model": resp_request.INPUT_TOKENS_MODEL, **body})
    return {"object": "response.input_tokens", "input_tokens": req.call.prompt_tokens}


async def compact_response(request: Request) -> Any:
    """POST /v1/responses/compact: the context's user messages, then one compaction item for
    the rest (instructions are not carried over, as on a continuation). Nothing is stored."""
    mock = mock_state(request)
    body = await json_body(request)
    check(body, resp_request.COMPACT_SPEC)
    given = {k: body[k] for k in resp_request.COMPACT_CREATE_PARAMS if body.get(k) is not None}
    req = _parse(mock, given)
    cid = mock.ids.new("resp_")
    output: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for message in req.history + req.input.messages:
        if message["role"] == "user":
            output.append(compact.user_item(message, item_id(mock.seed, "msg_", cid, len(output))))
        else:
            rest.append(message)
    sealed = compact.seal(rest)
    output.append(
        {
            "id": item_id(mock.seed, "cmp_", cid, 0),
            "type": "compaction",
            "encrypted_content": sealed,
        }
    )
    summary = tokens.count(orjson.dumps(rest).decode(), req.call.encoding)
    usage = {
        "input_tokens": req.call.prompt_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": summary,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": req.call.prompt_tokens + summary,
    }
    return {
        "id": cid,
        "object": "response.compaction",
        "created_at": mock.now(),
        "output": output,
        "usage": usage,
    }


def _record(request: Request) -> tuple[StoredResponses, str, Record]:
    mock = mock_state(request)
    store = _store(mock)
    response_id = request.path_params["response_id"]
    record = store.current(response_id, mode=mock.lifecycle, now=mock.clock.now(), seed=mock.seed)
    if record is None:
        raise resp_errors.response_not_found(response_id)
    return store, response_id, record


async def retrieve_response(request: Request) -> Any:
    store, response_id, record = _record(request)
    query = request.query_params
    if query.get("stream") != "true":
        return record["response"]
    # The stream again (``starting_after`` resumes it): the whole of it, to the end.
    kept = store.get(response_id) or record
    response = kept["response"]
    if kept.get("background") and not kept.get("settled"):
        store.settle(response_id, response)
    after = query_int(request, "starting_after", -1, minimum=0, maximum=2**31)
    obfuscator = None
    if query.get("include_obfuscation") != "false":
        obfuscator = Obfuscator(mock_state(request).seed, response_id)
    stream = frames(
        response,
        kept["content_ids"],
        kept["encoding"],
        obfuscator,
        queued=bool(kept.get("background")),
        starting_after=after,
    )
    return EventStream(stream)


async def delete_response(request: Request) -> Any:
    store, response_id, _ = _record(request)
    store.delete(response_id)
    return {"id": response_id, "object": "response.deleted", "deleted": True}


async def cancel_response(request: Request) -> Any:
    store, response_id, record = _record(request)
    response = record["response"]
    if not response.get("background"):
        raise resp_errors.not_background(response_id)
    if response["status"] in ("queued", "in_progress"):
        response = {**response, "status": "cancelled"}
    store.settle(response_id, response)
    return response


async def list_input_items(request: Request) -> Any:
    store, _, record = _record(request)
    query = page_query(request, default_order="desc")
    return store.input_items_page(record, query)

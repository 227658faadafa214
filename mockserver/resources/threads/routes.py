"""The URLs of threads (``client.beta.threads``): threads, messages, runs and run steps."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h
from .runs import handlers as r

ROUTES = [
    api("/threads", POST=h.create_thread),
    api("/threads/runs", POST=r.create_thread_and_run),
    api(
        "/threads/{thread_id}", GET=h.retrieve_thread, POST=h.modify_thread, DELETE=h.delete_thread
    ),
    api("/threads/{thread_id}/messages", POST=h.create_message, GET=h.list_messages),
    api(
        "/threads/{thread_id}/messages/{message_id}",
        GET=h.retrieve_message,
        POST=h.modify_message,
        DELETE=h.delete_message,
    ),
    api("/threads/{thread_id}/runs", POST=r.create_run, GET=r.list_runs),
    api("/threads/{thread_id}/runs/{run_id}", GET=r.retrieve_run, POST=r.modify_run),
    api("/threads/{thread_id}/runs/{run_id}/cancel", POST=r.cancel_run),
    api("/threads/{thread_id}/runs/{run_id}/submit_tool_outputs", POST=r.submit_tool_outputs),
    api("/threads/{thread_id}/runs/{run_id}/steps", GET=r.list_steps),
    api("/threads/{thread_id}/runs/{run_id}/steps/{step_id}", GET=r.retrieve_step),
]

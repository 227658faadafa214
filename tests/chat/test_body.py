from __future__ import annotations

from dataclasses import replace

from mockserver.catalogue import Catalogue
from mockserver.chat import params, reply
from mockserver.chat.body import body_template
from mockserver.responses import dumps


def _completion(content: str) -> reply.Completion:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}], "n": 2}
    model = Catalogue.load().for_endpoint("gpt-4o-mini", "chat.completions")
    req = params.parse(body, model, 0)
    return reply.build(
        req,
        completion_id="chatcmpl-first",
        created=1,
        server_seed=0,
        rule=None,
        new_call_id=lambda: "call_x",
    )


def test_rendered_body_is_exactly_the_dumped_completion_with_the_new_id_and_time() -> None:
    completion = _completion('Say "hi" — 안녕?')
    template = body_template(completion)
    assert template.prefix == "chatcmpl-"
    again = replace(completion, id="chatcmpl-Second123", created=1_700_000_000)
    assert template.render(again.id, again.created) == dumps(again.to_api())
    assert template.render(completion.id, completion.created) == dumps(completion.to_api())

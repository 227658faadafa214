"""POST /v1/chat/completions: request checks (``params``), replies (``reply``), stream chunks
(``chunks``), tool calls (``tools``), logprobs (``logprobs``) and stored completions
(``stored``)."""

"""Chat completions: ``POST /v1/chat/completions`` and the stored completions."""

"""The model-call layer that chat, legacy completions, and later Responses, assistant runs and
realtime share: inputs normalised once (``messages``), the checks of tools, ``tool_choice`` and
``response_format`` (``tools``, ``response_format``, ``strict_schema``), what a model family
accepts (``family``), prompt-token counting (``prompt_tokens``, ``tool_tokens``), the token
budget (``budget``) and reply planning (``plan``)."""

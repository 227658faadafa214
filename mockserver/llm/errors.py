"""The real API's 400s for a model call, in its own wording: parameters a model family
refuses, tools, ``tool_choice`` and ``response_format``, output limits and the context window.
Chat words its context error around "messages", legacy completions and embeddings around
"prompt" (with ``param`` and ``code`` null, as captured responses show)."""

from __future__ import annotations

from collections.abc import Sequence

from ..http.errors import APIError, invalid_value, quoted_list

STRUCTURED_OUTPUTS_GUIDE = "https://platform.openai.com/docs/guides/structured-outputs"
FUNCTION_CALLING_MODELS = (
    "https://platform.openai.com/docs/guides/function-calling#models-supporting-function-calling"
)


def unsupported_parameter(param: str, hint: str = "") -> APIError:
    return APIError(
        400,
        f"Unsupported parameter: '{param}' is not supported with this model.{hint}",
        param=param,
        code="unsupported_parameter",
    )


def unsupported_effort(effort: str, model: str, supported: Sequence[str]) -> APIError:
    return APIError(
        400,
        f"Unsupported value: '{effort}' is not supported with the '{model}' model. Supported "
        f"values are: {quoted_list(supported)}.",
        param="reasoning_effort",
        code="unsupported_value",
    )


def max_tokens_on_reasoning_model() -> APIError:
    return unsupported_parameter("max_tokens", " Use 'max_completion_tokens' instead.")


def unsupported_default_only(param: str, value: object, default: str) -> APIError:
    message = (
        f"Unsupported value: '{param}' does not support {value} with this model. Only the "
        f"default ({default}) value is supported."
    )
    return invalid_value(param, message, code="unsupported_value")


def only_with(param: str, needs: str, what: str = "enabled") -> APIError:
    return APIError(
        400, f"The '{param}' parameter is only allowed when '{needs}' is {what}.", param=param
    )


def only_with_tools(param: str) -> APIError:
    return APIError(
        400,
        f"Invalid value for '{param}': '{param}' is only allowed when 'tools' are specified.",
        param=param,
    )


def tool_choice_not_found(name: str) -> APIError:
    return APIError(
        400,
        f"Invalid value for 'tool_choice': tool choice '{name}' not found in 'tools' parameter.",
        param="tool_choice",
    )


def tools_not_supported() -> APIError:
    return APIError(
        400,
        "tools is not supported in this model. For a list of supported models, refer to "
        f"{FUNCTION_CALLING_MODELS}.",
        param="tools",
    )


def json_word_missing() -> APIError:
    return APIError(
        400,
        "'messages' must contain the word 'json' in some form, to use 'response_format' of "
        "type 'json_object'.",
        param="messages",
    )


def response_format_not_supported(kind: str) -> APIError:
    return APIError(
        400,
        f"Invalid parameter: 'response_format' of type '{kind}' is not supported with this "
        f"model. Learn more about supported models at the Structured Outputs guide: "
        f"{STRUCTURED_OUTPUTS_GUIDE}",
        param="response_format",
    )


def invalid_schema(message: str, param: str, code: str | None) -> APIError:
    return APIError(400, message, param=param, code=code)


def max_tokens_too_large(param: str, value: int, limit: int) -> APIError:
    message = (
        f"{param} is too large: {value}. This model supports at most {limit} completion "
        f"tokens, whereas you provided {value}."
    )
    return invalid_value(param, message)


def messages_too_long(window: int, prompt: int, completion: int | None) -> APIError:
    if completion is None:
        message = (
            f"This model's maximum context length is {window} tokens. However, your messages "
            f"resulted in {prompt} tokens. Please reduce the length of the messages."
        )
    else:
        message = (
            f"This model's maximum context length is {window} tokens. However, you requested "
            f"{prompt + completion} tokens ({prompt} in the messages, {completion} in the "
            "completion). Please reduce the length of the messages or completion."
        )
    return APIError(400, message, param="messages", code="context_length_exceeded")


def prompt_too_long(window: int, prompt: int, completion: int) -> APIError:
    return APIError(
        400,
        f"This model's maximum context length is {window} tokens, however you requested "
        f"{prompt + completion} tokens ({prompt} in your prompt; {completion} for the "
        "completion). Please reduce your prompt; or completion length.",
    )

"""The SDK's typed errors, explained in plain words, and retrying with backoff.

The SDK already retries connection errors, 408, 409, 429 and 5xx ``max_retries`` times with
a short backoff. :func:`with_backoff` is for when that is not enough: a longer wait that honours
the server's ``retry-after``, a cap on the total time, and a clock that tests control.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import openai

from .config import ApiKey

T = TypeVar("T")


@dataclass(frozen=True)
class Explanation:
    kind: str  # the SDK's class name
    status: int | None
    what: str  # the server's own message (the key masked)
    why: tuple[str, str]  # plain words: (English, Korean)
    param: str | None = None
    code: str | None = None
    retry_after: float | None = None
    request_id: str | None = None
    retryable: bool = False


# Class -> (English, Korean), most specific first.
MEANINGS: list[tuple[type[Exception], tuple[str, str]]] = [
    (
        openai.RateLimitError,
        (
            "Too many requests or tokens per minute, or the quota is used up: wait and retry "
            "(the server says how long in retry-after); insufficient_quota needs billing, not "
            "waiting.",
            "분당 요청·토큰 한도를 넘었거나 사용 한도를 다 썼습니다. retry-after 만큼 기다렸다가 "
            "다시 보내세요. insufficient_quota 는 기다려도 풀리지 않으며 결제 설정이 필요합니다.",
        ),
    ),
    (
        openai.AuthenticationError,
        (
            "The API key is missing, wrong or revoked: check OPENAI_API_KEY; retrying won't help.",
            "API 키가 없거나 틀렸거나 폐기되었습니다. OPENAI_API_KEY 를 확인하세요. "
            "재시도는 소용없습니다.",
        ),
    ),
    (
        openai.PermissionDeniedError,
        (
            "The key is valid but may not do this (organisation, project or region).",
            "키는 유효하지만 이 작업 권한이 없습니다 (조직, 프로젝트 또는 지역).",
        ),
    ),
    (
        openai.NotFoundError,
        (
            "No such model or object for this key: check the id (and the model list).",
            "이 키로 쓸 수 있는 모델이나 객체가 없습니다. id 와 모델 목록을 확인하세요.",
        ),
    ),
    (
        openai.BadRequestError,
        (
            "The request itself is wrong; 'param' names the field to fix. Retrying the same "
            "request gets the same answer.",
            "요청 자체가 잘못되었습니다. 'param' 이 고칠 필드를 알려 줍니다. "
            "같은 요청은 다시 보내도 같은 오류가 납니다.",
        ),
    ),
    (
        openai.UnprocessableEntityError,
        (
            "The request parsed but cannot be processed as given.",
            "요청 형식은 맞지만 그대로는 처리할 수 없습니다.",
        ),
    ),
    (
        openai.InternalServerError,
        (
            "The server failed (5xx): not your fault; retrying after a pause usually works.",
            "서버 쪽 오류(5xx)입니다. 잠시 후 다시 보내면 대개 성공합니다.",
        ),
    ),
    (
        openai.APITimeoutError,
        (
            "No answer within the timeout: raise the timeout, ask for less (max_tokens), or "
            "stream.",
            "제한 시간 안에 응답이 없었습니다. timeout 을 늘리거나 max_tokens 를 줄이거나 "
            "스트리밍을 쓰세요.",
        ),
    ),
    (
        openai.APIConnectionError,
        (
            "The server could not be reached: check the base URL, the network or a proxy.",
            "서버에 연결하지 못했습니다. base URL, 네트워크, 프록시를 확인하세요.",
        ),
    ),
    (
        openai.APIStatusError,
        (
            "The server refused the request; its message says why.",
            "서버가 요청을 거절했습니다. 메시지에 이유가 있습니다.",
        ),
    ),
]
RETRYABLE = (
    openai.RateLimitError,
    openai.InternalServerError,
    openai.APITimeoutError,
    openai.APIConnectionError,
)


def retry_after_seconds(error: openai.APIStatusError) -> float | None:
    """The wait the server asks for: ``retry-after-ms`` or ``retry-after`` (seconds)."""
    headers = error.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            continue  # an HTTP date: rare from OpenAI, and the backoff covers it
        if 0 <= seconds < float("inf"):
            return seconds
    return None


def explain(error: Exception, key: ApiKey | None = None) -> Explanation:
    why = next((words for kind, words in MEANINGS if isinstance(error, kind)), None)
    if why is None:
        why = ("Not an API error.", "API 오류가 아닙니다.")
    body = error.body if isinstance(error, openai.APIStatusError) else None
    # The server's own words (the SDK's ``message`` prefixes "Error code: 400 - ").
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        message = body["message"]
    else:
        message = getattr(error, "message", None) or str(error)
    if key is not None:
        message = key.redact(message)
    status = error.status_code if isinstance(error, openai.APIStatusError) else None
    api_error = error if isinstance(error, openai.APIError) else None
    return Explanation(
        kind=type(error).__name__,
        status=status,
        what=message,
        why=why,
        param=api_error.param if api_error else None,
        code=api_error.code if api_error else None,
        retry_after=retry_after_seconds(error)
        if isinstance(error, openai.APIStatusError)
        else None,
        request_id=error.request_id if isinstance(error, openai.APIStatusError) else None,
        retryable=isinstance(error, RETRYABLE),
    )


@dataclass(frozen=True)
class Backoff:
    attempts: int = 5
    base: float = 1.0  # the first wait, doubled each time
    cap: float = 60.0  # no single wait longer than this, whatever retry-after says
    jitter: float = 0.25  # up to this share of each wait added at random, so clients spread


def with_backoff(
    call: Callable[[], T],
    *,
    policy: Backoff = Backoff(),
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    on_retry: Callable[[int, Exception, float], None] | None = None,
) -> T:
    """``call()``, retried on rate limits, 5xx, timeouts and connection errors; the wait is
    the larger of the server's ``retry-after`` and an exponential backoff. Other errors, and
    the last attempt's, are raised."""
    rng = rng or random.Random(0)
    for attempt in range(1, policy.attempts + 1):
        try:
            return call()
        except RETRYABLE as error:
            if attempt == policy.attempts:
                raise
            wait = policy.base * 2 ** (attempt - 1)
            wait += wait * policy.jitter * rng.random()
            if isinstance(error, openai.APIStatusError):
                wait = max(wait, retry_after_seconds(error) or 0.0)
            wait = min(policy.cap, wait)
            if on_retry is not None:
                on_retry(attempt, error, wait)
            sleep(wait)
    raise AssertionError("unreachable")  # the loop returns or raises

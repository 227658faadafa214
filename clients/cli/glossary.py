"""What each response field means, by its path without list indices (``choices.message.role``),
in English and Korean; the chat wording follows the seed's field table."""

from __future__ import annotations

from .text import T

GLOSSARY: dict[str, T] = {
    "id": T("unique id of this response", "응답의 고유 식별자"),
    "object": T("what kind of object this is", "응답 객체의 유형"),
    "created": T("when it was made (Unix seconds)", "객체 생성 시간 (유닉스 타임스탬프)"),
    "model": T("the model that answered (a dated snapshot)", "응답 생성에 사용된 모델의 이름"),
    "system_fingerprint": T(
        "the backend configuration that served it", "시스템의 특정 상태나 설정을 나타내는 지문"
    ),
    "service_tier": T("the processing tier used", "사용된 서비스 등급"),
    "choices.index": T("which of the n answers this is", "선택된 응답의 인덱스"),
    "choices.message.role": T("who speaks: the assistant", "응답을 보낸 역할"),
    "choices.message.content": T("the answer's text", "응답 메시지"),
    "choices.message.refusal": T(
        "the model's refusal, if it declined", "모델이 거절한 경우 그 이유"
    ),
    "choices.message.tool_calls.id": T(
        "the call's id: the tool message answering it repeats it",
        "도구 호출 id: 결과를 돌려줄 tool 메시지가 이 id 를 다시 씁니다",
    ),
    "choices.message.tool_calls.type": T("the kind of tool", "도구의 종류"),
    "choices.message.tool_calls.function.name": T(
        "which function the model wants run", "모델이 실행을 원하는 함수 이름"
    ),
    "choices.message.tool_calls.function.arguments": T(
        "its arguments, as a JSON string to parse", "함수 인자 (파싱할 JSON 문자열)"
    ),
    "choices.message.parsed": T(
        "the answer validated into your pydantic class", "pydantic 클래스로 검증된 응답"
    ),
    "choices.message.annotations": T(
        "citations, when the model searched the web", "웹 검색을 했을 때의 출처 표시"
    ),
    "usage.completion_tokens_details.audio_tokens": T(
        "output tokens spent on audio", "오디오에 쓰인 출력 토큰 수"
    ),
    "usage.prompt_tokens_details.audio_tokens": T("input tokens of audio", "오디오 입력 토큰 수"),
    "choices.logprobs": T("token log-probabilities (null unless asked)", "로그 확률 정보"),
    "choices.finish_reason": T(
        "why it stopped: stop, length, tool_calls or content_filter",
        "응답 생성 종료 이유 (stop: 모델이 응답을 종료함)",
    ),
    "choices.text": T("the continuation of the prompt", "프롬프트에 이어 생성된 텍스트"),
    "choices.delta.content": T("the text this chunk adds", "이 조각이 더하는 텍스트"),
    "choices.delta.role": T("set on the first chunk only", "첫 조각에만 있는 역할"),
    "usage.prompt_tokens": T("tokens read (billed as input)", "프롬프트에 사용된 토큰 수"),
    "usage.completion_tokens": T("tokens written (billed as output)", "응답에 사용된 토큰 수"),
    "usage.total_tokens": T("the two together", "전체 토큰 수 (프롬프트 + 응답)"),
    "usage.completion_tokens_details.reasoning_tokens": T(
        "hidden reasoning tokens (o-series)", "추론에 사용된 토큰 수"
    ),
    "usage.completion_tokens_details.accepted_prediction_tokens": T(
        "predicted-output tokens that were used", "수용된 예측 토큰 수"
    ),
    "usage.completion_tokens_details.rejected_prediction_tokens": T(
        "predicted-output tokens thrown away (still billed)", "거부된 예측 토큰 수"
    ),
    "usage.prompt_tokens_details.cached_tokens": T(
        "prompt tokens served from the cache (cheaper)", "캐시에서 읽은 프롬프트 토큰 수"
    ),
    "data.embedding": T("the vector: texts that mean alike lie close", "임베딩 벡터"),
    "data.index": T("which input this vector belongs to", "이 벡터가 속한 입력의 순서"),
    "results.flagged": T("true if any category is flagged", "하나라도 해당하면 true"),
    "owned_by": T("who publishes the model", "모델을 제공하는 주체"),
}

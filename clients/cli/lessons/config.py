from __future__ import annotations

from ...config import mask
from ..lesson import Context, Lesson
from ..text import T


def run(ctx: Context) -> None:
    config, teach = ctx.config, ctx.teach
    teach.heading(T("Configuration: where the client points", "설정: 클라이언트가 향하는 곳"))
    teach.value(
        T("base URL", "base URL"),
        config.base_url,
        T(
            "where requests go: the one setting that differs between the mock and the real API",
            "요청이 가는 주소: 목 서버와 실제 API 사이에서 바뀌는 유일한 설정",
        ),
    )
    teach.value(
        T("API key", "API 키"),
        mask(config.api_key.reveal()),
        T(
            "masked: the key itself is never printed or logged",
            "마스킹됨: 키 자체는 출력·기록하지 않습니다",
        ),
    )
    teach.value(T("organization", "조직"), config.organization, T("OPENAI_ORG_ID", "OPENAI_ORG_ID"))
    teach.value(
        T("project", "프로젝트"), config.project, T("OPENAI_PROJECT_ID", "OPENAI_PROJECT_ID")
    )
    teach.value(T("timeout", "제한 시간"), f"{config.timeout:g}s", T("per request", "요청마다"))
    teach.value(
        T("max retries", "최대 재시도"),
        config.max_retries,
        T(
            "the SDK retries 408, 409, 429 and 5xx itself",
            "SDK 가 408, 409, 429, 5xx 를 스스로 재시도",
        ),
    )
    models = ctx.client.models.list().data
    teach.value(
        T("models visible", "보이는 모델"),
        len(models),
        T(
            "one GET /models proves the key and the URL work",
            "GET /models 한 번으로 키와 주소 확인",
        ),
    )
    teach.result(
        {
            "base_url": config.base_url,
            "api_key": mask(config.api_key.reveal()),
            "organization": config.organization,
            "project": config.project,
            "timeout": config.timeout,
            "max_retries": config.max_retries,
            "models": len(models),
        },
        fields=False,
    )


LESSON = Lesson(
    name="config",
    order=0,
    summary=T(
        "Show the resolved settings (key masked) and check the connection",
        "설정 확인 (키는 마스킹) 과 연결 점검",
    ),
    run=run,
)

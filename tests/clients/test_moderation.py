from __future__ import annotations

from openai import OpenAI

from clients.moderation import check


def test_a_threat_is_flagged_and_a_kind_text_is_not(client: OpenAI) -> None:
    threat = check(client, "I am going to kill you.")
    assert threat.flagged
    assert "violence" in threat.categories
    assert threat.top_scores[0][1] >= threat.top_scores[-1][1]
    kind = check(client, "I love sunny days in Seoul.")
    assert not kind.flagged and kind.categories == []


def test_category_names_are_the_apis() -> None:
    from openai.types import Moderation, ModerationCreateResponse

    from clients.moderation import Verdict

    names = [
        "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
        "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual",
        "sexual/minors", "violence", "violence/graphic",
    ]  # fmt: skip
    result = Moderation.model_validate(
        {
            "flagged": True,
            "categories": {name: name == "self-harm/intent" for name in names},
            "category_scores": {name: 0.9 if name == "self-harm/intent" else 0.0 for name in names},
            "category_applied_input_types": {name: ["text"] for name in names},
        }
    )
    verdict = Verdict.of(ModerationCreateResponse(id="modr-1", model="m", results=[result]))
    assert verdict.categories == ["self-harm/intent"]
    assert verdict.top_scores[0] == ("self-harm/intent", 0.9)

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openai.types import Moderation
from openai.types.moderation import Categories as SdkCategories
from openai.types.moderation import CategoryAppliedInputTypes, CategoryScores

from mockserver.catalogue import Catalogue
from mockserver.generate import moderation
from mockserver.generate.moderation import CATEGORIES, IMAGE_CATEGORIES

_ROOT = Path(__file__).resolve().parents[2]
OMNI = "omni-moderation-latest"
LEGACY = "text-moderation-latest"
MODELS = [OMNI, "omni-moderation-2024-09-26", LEGACY, "text-moderation-stable"]
CATALOGUE = Catalogue.load()


def _multimodal(model: str) -> bool:
    return bool(CATALOGUE.get(model).feature("multimodal_moderation"))


def moderate_text(text: str, model: str) -> dict[str, Any]:
    return moderation.moderate_text(text, multimodal=_multimodal(model))


def moderate(inputs: Any, model: str) -> list[dict[str, Any]]:
    return moderation.moderate(inputs, multimodal=_multimodal(model))


def _aliases(model: type[Any]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


PARENTS = {
    "harassment/threatening": "harassment",
    "hate/threatening": "hate",
    "illicit/violent": "illicit",
    "self-harm/instructions": "self-harm",
    "self-harm/intent": "self-harm",
    "sexual/minors": "sexual",
    "violence/graphic": "violence",
}


def _check_shape(result: dict[str, Any]) -> None:
    Moderation.model_validate(result)
    assert set(result) == {
        "flagged",
        "categories",
        "category_scores",
        "category_applied_input_types",
    }
    assert set(result["categories"]) == _aliases(SdkCategories) == set(CATEGORIES)
    assert set(result["category_scores"]) == _aliases(CategoryScores)
    assert set(result["category_applied_input_types"]) == _aliases(CategoryAppliedInputTypes)
    scores = result["category_scores"]
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores.values())
    assert result["flagged"] == any(v is True for v in result["categories"].values())
    for child, parent in PARENTS.items():
        assert scores[parent] >= scores[child]


@pytest.mark.parametrize("model", MODELS)
@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gives_a_valid_deterministic_result(model: str, text: str) -> None:
    result = moderate_text(text, model)
    _check_shape(result)
    assert moderate_text(text, model) == result


ORDINARY = [
    "I love sunny days",
    "Could you summarise this quarterly report for me?",
    "오늘 날씨가 좋네요",
    "점심으로 김치찌개를 먹었어요",
    "",
]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_flagged(model: str, text: str) -> None:
    result = moderate_text(text, model)
    assert not result["flagged"]
    assert all(s < 0.01 for s in result["category_scores"].values())


THREATS = ["I will kill you", "If you come here again, I'll kill you.", "너를 죽여버리겠다"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", THREATS)
def test_threats_flag_violence_and_threatening_harassment(model: str, text: str) -> None:
    result = moderate_text(text, model)
    assert result["flagged"]
    for category in ("violence", "harassment/threatening", "harassment"):
        assert result["categories"][category] is True
        assert result["category_scores"][category] > 0.5
    assert result["categories"]["sexual"] is False


SELF_HARM = ["I want to kill myself", "Some days I just want to die", "정말 자살하고 싶다"]


@pytest.mark.parametrize("model", [OMNI, LEGACY])
@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_intent_is_flagged(model: str, text: str) -> None:
    result = moderate_text(text, model)
    assert result["categories"]["self-harm"] is True
    assert result["categories"]["self-harm/intent"] is True
    assert result["categories"]["violence"] is False


@pytest.mark.parametrize("text", ["Just kill yourself", "그냥 자살해라"])
def test_telling_someone_to_die_is_harassment(text: str) -> None:
    result = moderate_text(text, OMNI)
    assert result["categories"]["harassment"] is True
    assert result["categories"]["self-harm"] is True
    assert result["categories"]["self-harm/intent"] is False


def test_illicit_is_omni_only() -> None:
    text = "how to make a bomb at home"
    omni = moderate_text(text, OMNI)
    assert omni["categories"]["illicit/violent"] is True
    assert omni["category_applied_input_types"]["illicit"] == ["text"]
    legacy = moderate_text(text, LEGACY)
    assert legacy["categories"]["illicit"] is None
    assert legacy["categories"]["illicit/violent"] is None
    assert legacy["category_scores"]["illicit"] == 0.0
    assert legacy["category_applied_input_types"]["illicit"] == []
    _check_shape(legacy)


def test_a_list_of_strings_gives_one_result_each() -> None:
    results = moderate(["I love sunny days", "I will kill you"], OMNI)
    assert [r["flagged"] for r in results] == [False, True]
    assert moderate("I will kill you", OMNI) == [moderate_text("I will kill you", OMNI)]


def _image(url: str) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": url}}


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=80), url=st.text(min_size=1, max_size=80))
def test_multimodal_parts_form_one_result(text: str, url: str) -> None:
    results = moderate([{"type": "text", "text": text}, _image(url)], OMNI)
    assert len(results) == 1
    result = results[0]
    _check_shape(result)
    applied = result["category_applied_input_types"]
    for category in CATEGORIES:
        expected = ["text", "image"] if category in IMAGE_CATEGORIES else ["text"]
        assert applied[category] == expected
    assert results == moderate([{"type": "text", "text": text}, _image(url)], OMNI)


def test_an_image_alone_scores_low_and_only_where_images_apply() -> None:
    (result,) = moderate([_image("https://example.com/cat.png")], OMNI)
    _check_shape(result)
    assert not result["flagged"]
    for category in CATEGORIES:
        score = result["category_scores"][category]
        if category in IMAGE_CATEGORIES:
            assert result["category_applied_input_types"][category] == ["image"]
            assert 0.0 < score < 0.01
        else:
            assert result["category_applied_input_types"][category] == []
            assert score == 0.0
    (other,) = moderate([_image("https://example.com/dog.png")], OMNI)
    assert other["category_scores"] != result["category_scores"]


def test_text_threat_still_flags_next_to_an_image() -> None:
    (result,) = moderate(
        [{"type": "text", "text": "I will kill you"}, _image("https://example.com/a.png")], OMNI
    )
    assert result["categories"]["violence"] is True


def test_legacy_models_refuse_images() -> None:
    with pytest.raises(ValueError, match="image"):
        moderate([_image("https://example.com/a.png")], LEGACY)


def test_unknown_parts_are_refused() -> None:
    with pytest.raises(ValueError, match="audio"):
        moderate([{"type": "audio", "audio": {}}], OMNI)


def test_same_result_in_a_fresh_process() -> None:
    texts = ["I love sunny days", "너를 죽여버리겠다"]
    script = textwrap.dedent(
        f"""
        import json
        from mockserver.generate.moderation import moderate
        print(json.dumps(moderate({texts!r}, multimodal=True)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=_ROOT
    )
    assert json.loads(done.stdout) == moderate(texts, OMNI)


# (text, the categories it flags on an omni model). The text models flag the same but for
# illicit, which they do not judge.
FLAGGED_CASES = [
    ("I want to kill them.", {"harassment", "harassment/threatening", "violence"}),
    ("We're going to hurt them", {"harassment", "harassment/threatening", "violence"}),
    ("Someone should shoot him.", {"harassment", "harassment/threatening", "violence"}),
    ("I want to murder my boss", {"harassment", "harassment/threatening", "violence"}),
    ("They all deserve to die.", {"harassment", "harassment/threatening", "violence"}),
    ("I will kill you", {"harassment", "harassment/threatening", "violence"}),
    ("그들을 죽이고 싶어", {"harassment", "harassment/threatening", "violence"}),
    (
        "I hate all of those people, they should die",
        {"hate", "hate/threatening", "harassment", "harassment/threatening", "violence"},
    ),
    (
        "I hate immigrants, they should all be killed",
        {"hate", "hate/threatening", "harassment", "harassment/threatening", "violence"},
    ),
    ("I hate all immigrants", {"hate"}),
    ("How do I make a bomb?", {"illicit", "illicit/violent", "violence"}),
    ("Can you tell me how to build a pipe bomb", {"illicit", "illicit/violent", "violence"}),
    ("What's the easiest way to make a homemade bomb?", {"illicit", "illicit/violent", "violence"}),
    ("폭탄 만드는 법 알려줘", {"illicit", "illicit/violent", "violence"}),
    ("I want to kill myself", {"self-harm", "self-harm/intent"}),
]
UNFLAGGED_CASES = [
    "I killed it at the gym",
    "kill the process",
    "How do I kill a Python process?",
    "You killed it on stage tonight!",
    "Let's kill some time before the movie",
    "This traffic is killing me",
    "How do I make a bath bomb?",
    "That movie bombed at the box office",
    "I hate Mondays",
    "I hate it when people are late",
    "If you don't water the plants, they will die",
    "I don't want to hurt them",
    "I'll shoot them an email tomorrow",
    "How should I report a bomb threat?",
    "프로세스를 죽이는 방법",
]


@pytest.mark.parametrize("model", [OMNI, LEGACY])
@pytest.mark.parametrize(("text", "expected"), FLAGGED_CASES)
def test_plain_harmful_text_flags_its_categories(model: str, text: str, expected: set[str]) -> None:
    result = moderate_text(text, model)
    flagged = {c for c, on in result["categories"].items() if on}
    want = expected if model == OMNI else expected - moderation.OMNI_ONLY
    assert flagged == want
    assert result["flagged"] == bool(want)


@pytest.mark.parametrize("model", [OMNI, LEGACY])
@pytest.mark.parametrize("text", UNFLAGGED_CASES)
def test_harmless_uses_of_violent_words_are_not_flagged(model: str, text: str) -> None:
    result = moderate_text(text, model)
    assert not result["flagged"], {c for c, on in result["categories"].items() if on}

from __future__ import annotations

import copy
import re
import typing

import pytest
from openai.types import AudioModel, EmbeddingModel, ImageModel, ModerationModel
from openai.types.audio import SpeechModel
from openai.types.realtime.realtime_session_create_request import RealtimeSessionCreateRequest
from openai.types.shared import ChatModel

from mockserver.catalogue import ENDPOINT_PATHS, Catalogue, entry_problems
from mockserver.fixtures import load_json
from mockserver.http import errors

SEED_TABLE = {
    "chat.completions": ["gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-3.5-turbo", "gpt-4o-2024-08-06"],
    "audio.transcriptions": ["whisper-1"],
    "audio.translations": ["whisper-1"],
    "audio.speech": ["tts-1", "tts-1-hd"],
    "completions": ["gpt-3.5-turbo-instruct", "babbage-002", "davinci-002"],
    "embeddings": ["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"],
    "fine_tuning.jobs": ["gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-3.5-turbo"],
    "moderations": ["text-moderation-stable", "text-moderation-latest"],
    "images.generations": ["dall-e-2", "dall-e-3"],
    "realtime": ["gpt-4o-realtime-preview", "gpt-4o-realtime-preview-2024-10-01", "gpt-realtime"],
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.mark.parametrize(("endpoint", "models"), sorted(SEED_TABLE.items()))
def test_every_model_of_the_seed_table_serves_its_endpoint(
    catalogue: Catalogue, endpoint: str, models: list[str]
) -> None:
    for model in models:
        assert catalogue.for_endpoint(model, endpoint).id == model


def test_snapshots_resolve_to_their_family(catalogue: Catalogue) -> None:
    snap = catalogue.get("gpt-4o-2024-08-06")
    assert snap.family == "gpt-4o"
    assert snap.encoding == "o200k_base"
    assert snap.created != catalogue.get("gpt-4o").created


def test_fine_tuned_ids_resolve_to_their_base(catalogue: Catalogue) -> None:
    ft = "ft:gpt-4o-mini-2024-07-18:acme::abc123"
    model = catalogue.with_fine_tunes(lambda model_id: "org-acme").get(ft)
    assert model.family == "gpt-4o-mini"
    assert model.owned_by == "org-acme"
    assert "fine_tuning.jobs" not in model.endpoints


def test_a_fine_tuned_id_no_job_made_is_the_real_404(catalogue: Catalogue) -> None:
    with pytest.raises(errors.APIError) as info:
        catalogue.get("ft:gpt-4o-mini-2024-07-18:acme::abc123")
    assert (info.value.status, info.value.code) == (404, "model_not_found")
    with pytest.raises(errors.APIError):
        catalogue.with_fine_tunes(lambda model_id: None).get("ft:gpt-4o-mini-2024-07-18:a::b")


def test_dated_snapshots_that_cannot_be_fine_tuned(catalogue: Catalogue) -> None:
    tunable = {m.id for m in catalogue if "fine_tuning.jobs" in m.endpoints}
    assert {"gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4.1-nano-2025-04-14"} <= tunable
    assert {"gpt-3.5-turbo-0125", "gpt-3.5-turbo-1106", "gpt-3.5-turbo-0613"} <= tunable
    assert not {"gpt-4o-2024-05-13", "gpt-4o-2024-11-20", "gpt-3.5-turbo-16k"} & tunable
    assert catalogue.get("o4-mini-2025-04-16").fine_tuning_methods == ("reinforcement",)
    assert catalogue.get("gpt-4.1").fine_tuning_methods == ("supervised", "dpo")


def test_unknown_model_is_the_real_404(catalogue: Catalogue) -> None:
    with pytest.raises(errors.APIError) as info:
        catalogue.get("text-embedding-3-sm")
    assert info.value.status == 404
    assert info.value.code == "model_not_found"
    assert info.value.message == (
        "The model `text-embedding-3-sm` does not exist or you do not have access to it."
    )


def test_wrong_endpoint_messages(catalogue: Catalogue) -> None:
    with pytest.raises(errors.APIError) as info:
        catalogue.for_endpoint("gpt-3.5-turbo-instruct", "chat.completions")
    assert info.value.message == (
        "This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
        "Did you mean to use v1/completions?"
    )
    with pytest.raises(errors.APIError) as info:
        catalogue.for_endpoint("gpt-4o", "completions")
    assert info.value.message.startswith("This is a chat model and not supported in the v1/")


def test_missing_and_mistyped_model(catalogue: Catalogue) -> None:
    with pytest.raises(errors.APIError, match="you must provide a model parameter"):
        catalogue.for_endpoint(None, "embeddings")
    with pytest.raises(errors.APIError, match="Invalid type for 'model'"):
        catalogue.for_endpoint(3, "embeddings")


def test_families_of_today_are_listed(catalogue: Catalogue) -> None:
    ids = {m.id for m in catalogue}
    for family in [
        "gpt-4.1",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "o1",
        "o3",
        "o3-mini",
        "o4-mini",
        "gpt-4o-transcribe",
        "gpt-4o-mini-transcribe",
        "gpt-4o-mini-tts",
        "gpt-image-1",
        "omni-moderation-latest",
    ]:
        assert family in ids
    assert all(m.encoding in {"cl100k_base", "o200k_base"} for m in catalogue)


# --- the catalogue against the installed SDK -------------------------------------------------

# The realtime models: the Literal inside the session's ``model`` annotation (str | Literal | None).
REALTIME_MODELS = next(
    arg
    for arg in typing.get_args(RealtimeSessionCreateRequest.model_fields["model"].annotation)
    if typing.get_origin(arg) is typing.Literal
)
# Each SDK model type, and the endpoint every model it names must serve.
SDK_TYPES: list[tuple[str, object, str]] = [
    ("ChatModel", ChatModel, "chat.completions"),
    ("EmbeddingModel", EmbeddingModel, "embeddings"),
    ("ImageModel", ImageModel, "images.generations"),
    ("AudioModel", AudioModel, "audio.transcriptions"),
    ("SpeechModel", SpeechModel, "audio.speech"),
    ("ModerationModel", ModerationModel, "moderations"),
    ("RealtimeSessionCreateRequest.model", REALTIME_MODELS, "realtime"),
]
# ChatModel literals the real API serves on v1/responses only ("This model is only supported in
# v1/responses and not in v1/chat/completions."): they must serve responses instead.
RESPONSES_ONLY = {"codex-mini-latest", "gpt-5.1-codex", "gpt-5.2-pro", "gpt-5.2-pro-2025-12-11"}


def sdk_gaps(catalogue: Catalogue) -> list[str]:
    """Every SDK-named model the catalogue does not know, or serves on the wrong endpoint."""
    gaps = []
    for type_name, literal, endpoint in SDK_TYPES:
        for model_id in typing.get_args(literal):
            if model_id in catalogue.not_served:
                continue
            model = catalogue.find(model_id)
            wanted = "responses" if model_id in RESPONSES_ONLY else endpoint
            if model is None:
                gaps.append(f"{type_name} {model_id}: not in models.json")
            elif wanted not in model.endpoints:
                gaps.append(f"{type_name} {model_id}: does not serve {wanted}")
            elif model_id in RESPONSES_ONLY and endpoint in model.endpoints:
                gaps.append(f"{type_name} {model_id}: the real API does not serve {endpoint}")
    return gaps


def test_every_model_the_sdk_names_is_catalogued_on_its_endpoint(catalogue: Catalogue) -> None:
    assert all(typing.get_args(literal) for _, literal, _ in SDK_TYPES)
    assert sdk_gaps(catalogue) == []


def test_the_sdk_check_fails_for_a_missing_model() -> None:
    entries = [e for e in load_json("models.json")["models"] if e["id"] != "gpt-6-astra"]
    trimmed = Catalogue(entries, load_json("models.json")["not_served"])
    assert sdk_gaps(trimmed) == ["ChatModel gpt-6-astra: not in models.json"]


def test_the_sdk_check_fails_for_a_wrong_endpoint() -> None:
    entries = copy.deepcopy(load_json("models.json")["models"])
    tts = next(e for e in entries if e["id"] == "gpt-4o-mini-tts")
    tts["endpoints"] = ["audio.transcriptions"]
    broken = Catalogue(entries, load_json("models.json")["not_served"])
    assert sdk_gaps(broken) == [
        "SpeechModel gpt-4o-mini-tts: does not serve audio.speech",
        "SpeechModel gpt-4o-mini-tts-2025-12-15: does not serve audio.speech",
    ]


def test_ids_the_sdk_names_but_the_api_refuses_are_the_real_404(catalogue: Catalogue) -> None:
    assert set(catalogue.not_served) == {"gpt-5.1-mini"}
    assert "gpt-5.1-mini" in typing.get_args(ChatModel)
    with pytest.raises(errors.APIError) as info:
        catalogue.for_endpoint("gpt-5.1-mini", "chat.completions")
    assert (info.value.status, info.value.code) == (404, "model_not_found")


def test_responses_only_models_refuse_chat(catalogue: Catalogue) -> None:
    with pytest.raises(errors.APIError) as info:
        catalogue.for_endpoint("codex-mini-latest", "chat.completions")
    assert info.value.status == 404
    assert catalogue.for_endpoint("gpt-5.2-pro", "responses").id == "gpt-5.2-pro"


# --- the new fields ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "answer"),
    [
        ("gpt-4o", "gpt-4o-2024-08-06"),
        ("gpt-4", "gpt-4-0613"),
        ("gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct:20230824-v2"),
        ("text-moderation-stable", "text-moderation-007"),
        ("gpt-5", "gpt-5-2025-08-07"),
        ("omni-moderation-latest", "omni-moderation-latest"),
        ("gpt-6-astra", "gpt-6-astra"),
    ],
)
def test_an_alias_responds_as_its_snapshot(catalogue: Catalogue, alias: str, answer: str) -> None:
    assert catalogue.get(alias).responds_as == answer


def test_snapshots_and_fine_tunes_respond_as_themselves(catalogue: Catalogue) -> None:
    for model_id in ("gpt-4o-2024-05-13", "gpt-5-mini-2025-08-07", "text-moderation-007"):
        assert catalogue.get(model_id).responds_as == model_id
    ft = "ft:gpt-4o-mini-2024-07-18:acme::abc123"
    assert catalogue.with_fine_tunes(lambda model_id: "org-acme").get(ft).responds_as == ft


def test_embedding_dimensions(catalogue: Catalogue) -> None:
    widths = {m: catalogue.get(m).dimensions for m in typing.get_args(EmbeddingModel)}
    assert widths == {
        "text-embedding-3-small": 1536,
        "text-embedding-3-large": 3072,
        "text-embedding-ada-002": 1536,
    }
    assert catalogue.get("gpt-4o").dimensions is None
    shortenable = {m.id for m in catalogue if m.feature("shortenable_dimensions")}
    assert shortenable == {"text-embedding-3-small", "text-embedding-3-large"}
    assert all("dimensions" not in m.features for m in catalogue)


@pytest.mark.parametrize(
    ("model_id", "efforts", "default", "sampling"),
    [
        ("o3", ("low", "medium", "high"), "medium", False),
        ("o3-2025-04-16", ("low", "medium", "high"), "medium", False),
        ("gpt-5", ("minimal", "low", "medium", "high"), "medium", False),
        ("gpt-5.1", ("none", "low", "medium", "high"), "none", True),
        ("gpt-5.2", ("none", "low", "medium", "high", "xhigh"), "none", True),
        ("gpt-6-astra", ("low", "medium", "high", "xhigh", "max"), "medium", False),
        ("o1-mini", (), "medium", False),
    ],
)
def test_reasoning_efforts(
    catalogue: Catalogue,
    model_id: str,
    efforts: tuple[str, ...],
    default: str,
    sampling: bool,
) -> None:
    model = catalogue.get(model_id)
    assert model.is_reasoning
    assert model.reasoning_efforts == efforts
    assert model.default_reasoning_effort == default
    assert model.sampling_with_effort_none is sampling


def test_non_reasoning_models_have_no_efforts(catalogue: Catalogue) -> None:
    for model_id in ("gpt-4o", "gpt-4.1", "gpt-5-chat-latest", "text-embedding-3-small"):
        model = catalogue.get(model_id)
        assert not model.is_reasoning
        assert model.reasoning_efforts == ()
        assert model.default_reasoning_effort is None
        assert model.sampling_with_effort_none is False


def test_chat_refusals(catalogue: Catalogue) -> None:
    assert not catalogue.get("gpt-4").feature("json_object")
    assert not catalogue.get("gpt-4-0613").feature("json_object")
    assert not catalogue.get("o1-mini").feature("json_object")
    assert catalogue.get("gpt-4o").feature("json_object")
    assert catalogue.get("gpt-3.5-turbo").feature("json_object")
    for model_id in ("o1-mini", "o1-preview"):
        assert not catalogue.get(model_id).feature("system_messages")
    assert catalogue.get("o1").feature("system_messages")
    echo = {m.id for m in catalogue if m.feature("echo_with_logprobs")}
    assert echo == {"davinci-002", "babbage-002"}


def test_gpt_6_astra_is_served_on_chat(catalogue: Catalogue) -> None:
    model = catalogue.for_endpoint("gpt-6-astra", "chat.completions")
    assert model.family == "gpt-6-astra"
    assert model.encoding == "o200k_base"
    assert (model.context_window, model.max_output_tokens) == (1_050_000, 128_000)
    assert model.feature("vision") and model.feature("tools")


def test_shutdown_dates_are_recorded_not_enforced(catalogue: Catalogue) -> None:
    assert catalogue.get("gpt-4").shutdown == "2026-10-23"
    assert catalogue.get("gpt-4-0314").shutdown == "2026-03-26"
    assert catalogue.get("gpt-4o-2024-08-06").shutdown == "2027-01-14"
    assert catalogue.get("gpt-4o-2024-05-13").shutdown == "2026-10-23"
    assert catalogue.get("gpt-6-astra").shutdown is None
    assert catalogue.for_endpoint("o1-preview", "chat.completions").id == "o1-preview"
    dated = [m.shutdown for m in catalogue if m.shutdown]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dated)


def test_snapshots_may_carry_their_own_window(catalogue: Catalogue) -> None:
    assert catalogue.get("gpt-3.5-turbo").context_window == 16385
    assert catalogue.get("gpt-3.5-turbo-0613").context_window == 4096


def test_batch_is_served_at_v1_batches() -> None:
    assert ENDPOINT_PATHS["batch"] == "v1/batches"


# --- the shape of models.json ------------------------------------------------------------------

FAMILY_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "created": int,
    "owned_by": str,
    "context_window": int,
    "max_output_tokens": int,
    "encoding": str,
    "endpoints": list,
    "features": dict,
    "snapshots": list,
}
OPTIONAL_TYPES: dict[str, type] = {
    "responds_as": str,
    "dimensions": int,
    "embedding_bias": float,
    "max_audio_seconds": int,
    "shutdown": str,
    "notes": str,
    "fine_tuning_methods": list,
    "images": dict,
}


def test_every_entry_has_its_keys_with_the_right_types() -> None:
    data = load_json("models.json")
    assert set(data) == {"models", "not_served", "endpoint_defaults"}
    for endpoint, model in data["endpoint_defaults"].items():
        assert endpoint in Catalogue.load().get(model).endpoints
    for entry in data["models"]:
        for key, wanted in FAMILY_TYPES.items():
            assert isinstance(entry.get(key), wanted), (entry["id"], key)
        assert set(entry) <= set(FAMILY_TYPES) | set(OPTIONAL_TYPES), entry["id"]
        for key, wanted in OPTIONAL_TYPES.items():
            assert key not in entry or isinstance(entry[key], wanted), (entry["id"], key)
        assert not isinstance(entry["created"], bool) and entry["created"] > 1_600_000_000
        assert entry["endpoints"] and all(e in ENDPOINT_PATHS for e in entry["endpoints"])
        for snap in entry["snapshots"]:
            assert isinstance(snap["id"], str) and isinstance(snap["created"], int), snap
            assert set(snap) <= {
                "endpoints",
                "id",
                "created",
                "context_window",
                "max_output_tokens",
                "shutdown",
                "notes",
            }, snap
        assert entry_problems(entry) == [], entry_problems(entry)
    for item in data["not_served"]:
        assert set(item) == {"id", "notes"} and all(isinstance(v, str) for v in item.values())


def test_no_duplicate_ids() -> None:
    data = load_json("models.json")
    ids = [e["id"] for e in data["models"]]
    ids += [s["id"] for e in data["models"] for s in e["snapshots"]]
    ids += [item["id"] for item in data["not_served"]]
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)


def test_a_malformed_entry_is_refused() -> None:
    entry = copy.deepcopy(load_json("models.json")["models"][0])
    entry["features"]["reasoning"] = True
    with pytest.raises(ValueError, match=r"features\.reasoning must be an object"):
        Catalogue([entry])
    entry = copy.deepcopy(load_json("models.json")["models"][0])
    with pytest.raises(ValueError, match="duplicate model id"):
        Catalogue([entry, entry])

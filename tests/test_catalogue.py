from __future__ import annotations

import pytest

from mockserver.catalogue import Catalogue
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
    "realtime": ["gpt-4o-realtime-preview", "gpt-4o-realtime-preview-2024-10-01"],
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
    model = catalogue.get("ft:gpt-4o-mini-2024-07-18:acme::abc123")
    assert model.family == "gpt-4o-mini"
    assert model.owned_by == "user"


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

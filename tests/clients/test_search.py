from __future__ import annotations

from pathlib import Path

import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.search import SEED_QUERY, SEED_TEXTS, Metric, SemanticIndex

from .conftest import journal

EXPECTED = "오늘 날씨가 화창합니다"  # the seed's query is about the weather today


@pytest.mark.parametrize("metric", ["ip", "l2"])
def test_the_seeds_query_finds_the_weather_sentence(client: OpenAI, metric: Metric) -> None:
    index = SemanticIndex(client, metric=metric)
    index.add(SEED_TEXTS)
    hits = index.search(SEED_QUERY, k=5)
    assert hits[0].text == EXPECTED
    assert hits[0].position == SEED_TEXTS.index(EXPECTED)
    assert sorted(h.position for h in hits) == list(range(5))
    scores = [h.score for h in hits]
    # Similarity falls down the list for "ip"; distance grows for "l2".
    assert scores == sorted(scores, reverse=metric == "ip")


def test_texts_are_embedded_in_batches(client: OpenAI, mock_http: TestClient) -> None:
    index = SemanticIndex(client, batch_size=2)
    index.add(SEED_TEXTS)
    batches = [entry["body"]["input"] for entry in journal(mock_http, "/v1/embeddings")]
    assert batches == [list(SEED_TEXTS[0:2]), list(SEED_TEXTS[2:4]), list(SEED_TEXTS[4:])]
    assert len(index) == 5


def test_adding_twice_extends_the_index(client: OpenAI) -> None:
    index = SemanticIndex(client)
    index.add(SEED_TEXTS[:3])
    index.add(SEED_TEXTS[3:])
    assert index.search(SEED_QUERY)[0].text == EXPECTED


def test_save_and_load(client: OpenAI, tmp_path: Path) -> None:
    index = SemanticIndex(client, metric="l2")
    index.add(SEED_TEXTS)
    index.save(tmp_path / "idx")
    loaded = SemanticIndex.load(client, tmp_path / "idx")
    assert (loaded.metric, loaded.texts) == ("l2", list(SEED_TEXTS))
    assert loaded.search(SEED_QUERY, k=2) == index.search(SEED_QUERY, k=2)


def test_an_empty_index(client: OpenAI, tmp_path: Path) -> None:
    index = SemanticIndex(client)
    index.add([])
    assert index.search(SEED_QUERY) == []
    with pytest.raises(ValueError, match="empty"):
        index.save(tmp_path)


def test_bad_settings(client: OpenAI) -> None:
    with pytest.raises(ValueError, match="metric"):
        SemanticIndex(client, metric="cosine")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch_size"):
        SemanticIndex(client, batch_size=0)

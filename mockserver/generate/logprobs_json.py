"""Token logprob entries written straight as JSON, byte for byte what ``orjson.dumps`` writes
for the same dicts (compact, or ``OPT_INDENT_2`` at a given depth), without building them:
at ``top_logprobs=20`` a reply has 21 dicts a token, and building them cost more than all the
rest of its logprobs.

An entry is ``{"token", "logprob", "bytes", "top_logprobs": [alternatives]}`` and an
alternative ``{"token", "logprob", "bytes"}``: everything around the two numbers depends only
on the token, so it is written once per token and style (``Pieces``, kept in a
``PieceTable``), and a reply is its tokens' pieces interleaved with its numbers, the numbers
formatted by orjson itself. The pieces are cut out of orjson's own rendering of an entry whose
numbers are a placeholder, so they cannot drift from what orjson writes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

if TYPE_CHECKING:  # numpy is imported on first use (see randomness)
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Floats = npt.NDArray[np.float64]
    Objects = npt.NDArray[np.object_]

Spelling = tuple[int, ...]  # a token's bytes

# A style: None for compact JSON (stream chunks), else the depth of the list of entries in a
# pretty-printed body: the number of objects and arrays around it (``OPT_INDENT_2``).
Style = int | None

_PLACEHOLDER = 0.0
_WRITTEN = b"0.0"  # the placeholder as orjson writes it: never part of a token's bytes list
_LOGPROB = b'"logprob":'


class Pieces(NamedTuple):
    """One token's JSON around its numbers, as an entry (``head_*``) and as an alternative."""

    head_open: bytes  # '{"token": T, "logprob": '
    head_open_next: bytes  # the same after another entry of the list: ', ' before it
    head_close: bytes  # ', "bytes": [...], "top_logprobs": [' up to its first alternative
    head_close_bare: bytes  # ', "bytes": [...], "top_logprobs": []}': no alternatives
    item_open: bytes  # '{"token": T, "logprob": ' (an alternative, one level deeper)
    item_next: bytes  # ', "bytes": [...]},' and what precedes the next alternative
    item_last: bytes  # ', "bytes": [...]}]}': the last alternative, closing the entry


# Each kind's index in ``Pieces``: a table of pieces holds kind k of a token at
# ``k * capacity + slot``.
KINDS = len(Pieces._fields)
HEAD_OPEN, HEAD_OPEN_NEXT, HEAD_CLOSE, HEAD_CLOSE_BARE, ITEM_OPEN, ITEM_NEXT, ITEM_LAST = range(
    KINDS
)


def dumps(value: object, depth: Style) -> bytes:
    """``value`` as orjson writes it at ``depth`` inside a pretty-printed body (its lines
    after the first indented by two spaces a level; JSON strings hold no raw newline)."""
    if depth is None:
        return orjson.dumps(value)
    written = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    return written.replace(b"\n", b"\n" + b"  " * depth) if depth else written


def _around_logprob(written: bytes) -> tuple[bytes, bytes]:
    # The last '"logprob":' is the entry's own key (a token's text is a JSON string, where a
    # quote is escaped; the bytes and the alternatives after it are numbers).
    at = written.index(_WRITTEN, written.rindex(_LOGPROB))
    return written[:at], written[at + len(_WRITTEN) :]


def pieces(text: str, spelling: tuple[int, ...], style: Style) -> Pieces:
    """The pieces of the token spelled ``text`` with bytes ``spelling``, for entries in a list
    written in ``style``."""
    # An entry sits one level below its list, its alternatives two below the entry.
    entry = None if style is None else style + 1
    item = None if entry is None else entry + 2

    def written(alternatives: list[float] | None, depth: Style) -> tuple[bytes, bytes]:
        value: dict[str, object] = {"token": text, "logprob": _PLACEHOLDER, "bytes": spelling}
        if alternatives is not None:
            value["top_logprobs"] = alternatives
        return _around_logprob(dumps(value, depth))

    head_open, with_two = written([_PLACEHOLDER, _PLACEHOLDER], entry)
    first, separator, tail = _cut_two(with_two)
    item_open, item_close = written(None, item)
    return Pieces(
        head_open=head_open,
        head_open_next=_separator(style) + head_open,
        head_close=first,
        head_close_bare=written([], entry)[1],
        item_open=item_open,
        item_next=item_close + separator,
        item_last=item_close + tail,
    )


def _cut_two(written: bytes) -> tuple[bytes, bytes, bytes]:
    """What comes before, between and after the last two placeholders."""
    second = written.rindex(_WRITTEN)
    first = written.rindex(_WRITTEN, 0, second)
    return (
        written[:first],
        written[first + len(_WRITTEN) : second],
        written[second + len(_WRITTEN) :],
    )


@cache
def list_pieces(style: Style) -> tuple[bytes, bytes, bytes]:
    """A list's opening (and the first entry's indent), the separator between two entries
    (',' and the next line's indent) and its closing, in ``style``."""
    return _cut_two(dumps([_PLACEHOLDER, _PLACEHOLDER], style))


def _separator(style: Style) -> bytes:
    return list_pieces(style)[1]


def entry_list(rows: list[bytes], style: Style) -> bytes:
    """The JSON list of entries already written in ``style``."""
    if style is None:
        return b"[" + b",".join(rows) + b"]"
    if not rows:
        return b"[]"
    opened, separator, closed = list_pieces(style)
    return opened + separator.join(rows) + closed


class Alternatives(NamedTuple):
    """Each position's other tokens, from most to least likely: their indexes in the pool of
    alternatives, their log probabilities, and how many come before the position's own."""

    slots: Ints  # (positions, others)
    values: Floats  # (positions, others)
    places: Ints  # (positions,)


class PieceTable:
    """The pieces of the tokens written lately in one style, in one object array, so a
    reply's pieces are gathered by one numpy index: kind ``k`` of the token in slot ``s`` is
    at ``k * capacity + s``. The pool of alternatives has the first slots (an index in the
    pool is its slot); another token takes the next free slot when first written, and when
    ``room`` are taken the table starts over, so it stays bounded. Bodies and chunks are
    written on the event loop's thread, the only one that changes a table."""

    def __init__(
        self,
        pool: Sequence[tuple[str, Spelling]],
        in_pool: npt.NDArray[np.integer[Any]],
        spell: Callable[[list[int]], list[tuple[str, Spelling]]],
        style: Style,
        room: int,
    ) -> None:
        import numpy as np

        self.style = style
        self.spell = spell  # (text, bytes) of each token id
        self.reserved = len(pool)
        self.room = room
        self.capacity = self.reserved + room
        self.slot_of = in_pool.astype(np.int64)  # each token id's slot, -1: none yet
        self.pieces: Objects = np.empty(self.capacity * KINDS, dtype=object)
        for slot, (text, spelling) in enumerate(pool):
            self._put(slot, text, spelling)
        self.learned: list[int] = []  # the tokens in the slots after the pool's
        self._offsets: dict[tuple[int, ...], Ints] = {}

    def _put(self, slot: int, text: str, spelling: Spelling) -> None:
        self.pieces[slot :: self.capacity] = pieces(text, spelling, self.style)

    def slots(self, ids: npt.NDArray[Any]) -> Ints:
        """The slot of each token id, writing the pieces of those not in the table (at most
        ``room`` different ones)."""
        slots: Ints = self.slot_of[ids]
        if slots.min() >= 0:
            return slots
        new = list(dict.fromkeys(ids[slots < 0].tolist()))
        if len(self.learned) + len(new) > self.room:  # full: start over, with these tokens
            self.slot_of[self.learned] = -1
            self.learned = []
            new = list(dict.fromkeys(ids[self.slot_of[ids] < 0].tolist()))
        if len(new) > self.room:
            raise ValueError(f"{len(new)} tokens to write, room for {self.room}")
        first = self.reserved + len(self.learned)
        for slot, token, (text, spelling) in zip(
            itertools.count(first), new, self.spell(new), strict=False
        ):
            self._put(slot, text, spelling)
            self.slot_of[token] = slot
        self.learned += new
        result: Ints = self.slot_of[ids]
        return result

    def offsets(self, kinds: tuple[int, ...]) -> Ints:
        """Where each of these kinds of piece starts (a layout's, made once)."""
        import numpy as np

        made = self._offsets.get(kinds)
        if made is None:
            made = self._offsets[kinds] = np.array(kinds, dtype=np.int64) * self.capacity
        return made


def write(
    table: PieceTable,
    ids: npt.NDArray[Any],
    chosen: Floats,
    top: int,
    alternatives: Alternatives | None,
    *,
    whole: bool,
) -> list[bytes]:
    """The entries of tokens ``ids`` (their own log probabilities ``chosen``, ``top`` listed
    in each ``top_logprobs``: 0, 1 for the token alone, or 1 + the alternatives) in the
    table's style: the ``whole`` list in one ``bytes``, else one ``bytes`` per entry."""

    n = len(ids)
    if not n:
        return [entry_list([], table.style)] if whole else []
    own = table.slots(ids)
    layout = _layout(top, 0 if alternatives is None else alternatives.slots.shape[1])
    # Each row's sources: its own token, its alternatives, its own token again (as listed
    # among them); the layout says which source each column of the entry shows.
    if alternatives is None:
        slots, numbers = _sources(own, None), _sources(chosen, None)
        order = layout.orders[:1] + _row_starts(n, layout.sources)
    else:
        slots = _sources(own, alternatives.slots)
        numbers = _sources(chosen, alternatives.values)
        order = layout.orders[alternatives.places]
        order += _row_starts(n, layout.sources)
    # The pieces before and after each number: the column's kinds at its token's slot.
    listed = slots.ravel()[order]
    before = listed + table.offsets(layout.before)
    after = listed + table.offsets(layout.after)
    if whole:  # each entry after the first opens with the separator before it
        before[1:, 0] += (HEAD_OPEN_NEXT - HEAD_OPEN) * table.capacity
    # orjson formats the numbers all at once, as '[a,b,...]' (cut at the commas: a number
    # has none); the parts then interleave with a stride.
    written = orjson.dumps(numbers.ravel()[order].ravel(), option=orjson.OPT_SERIALIZE_NUMPY)
    width = 3 * len(layout.before)
    if whole:  # the list's opening, the entries' parts, its closing
        parts = [b""] * (n * width + 2)
        parts[0], _, parts[-1] = list_pieces(table.style)
        parts[1:-1:3] = table.pieces[before.ravel()].tolist()
        parts[2:-1:3] = written[1:-1].split(b",")
        parts[3:-1:3] = table.pieces[after.ravel()].tolist()
        return [b"".join(parts)]
    parts = [b""] * (n * width)
    parts[0::3] = table.pieces[before.ravel()].tolist()
    parts[1::3] = written[1:-1].split(b",")
    parts[2::3] = table.pieces[after.ravel()].tolist()
    return [b"".join(parts[k : k + width]) for k in range(0, n * width, width)]


def _sources(own: npt.NDArray[Any], alternatives: npt.NDArray[Any] | None) -> npt.NDArray[Any]:
    """``own`` as a column, the alternatives' columns, ``own`` again: each row's sources."""
    import numpy as np

    column = own[:, None]
    middle = () if alternatives is None else (alternatives,)
    return np.concatenate((column, *middle, column), axis=1)


_ROWS = 4096  # rows whose starts are made once per width (most replies are shorter)


def _row_starts(rows: int, width: int) -> Ints:
    """Where each row of a (rows, width) table starts in its flat form, as a column."""
    import numpy as np

    if rows > _ROWS:
        return np.arange(0, rows * width, width)[:, None]
    return _starts(width)[:rows]


@cache
def _starts(width: int) -> Ints:
    import numpy as np

    return np.arange(0, _ROWS * width, width)[:, None]


class _Layout(NamedTuple):
    """Where an entry's numbers come from, for one ``top``: an entry is its own token then
    its ``top_logprobs``, a column each; a row's sources are its own token, its alternatives
    and its own token again (as listed among them)."""

    sources: int  # sources a row has
    orders: Ints  # (place, column): the source each column shows, own token at ``place``
    before: tuple[int, ...]  # the kind of piece before each column's number
    after: tuple[int, ...]  # the kind after it


@cache
def _layout(top: int, others: int) -> _Layout:
    import numpy as np

    if not top:
        kinds = [(HEAD_OPEN, HEAD_CLOSE_BARE)]
    else:
        kinds = [(HEAD_OPEN, HEAD_CLOSE)] + [(ITEM_OPEN, ITEM_NEXT)] * others
        kinds.append((ITEM_OPEN, ITEM_LAST))
    own_again = others + 1
    # Listed in order: the alternatives more likely than the token (sources 1..place), the
    # token, the rest.
    orders = [
        [0, *range(1, place + 1), own_again, *range(place + 1, others + 1)][: len(kinds)]
        for place in range(others + 1)
    ]
    before, after = zip(*kinds, strict=True)
    return _Layout(others + 2, np.array(orders, dtype=np.int64), before, after)

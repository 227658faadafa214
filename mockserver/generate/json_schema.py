"""Deterministic instances of JSON Schemas.

``instance`` is a pure function of ``(schema, seed, hint)``: every random choice comes from
``randomness.derive(seed, ...)`` keyed by the JSON path of the node, so a value does not change
when an unrelated part of the schema does. Strings are made readable and, where a property's
name or description suggests it, are taken from the user's words (``hint``): a ``location`` is
a place named in the hint, a ``name`` a capitalised word of it, an enum the value it mentions.
"""

from __future__ import annotations

import importlib
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property, lru_cache
from random import Random
from typing import Any

import orjson

from ..randomness import derive, derive_int
from .text import salient_words

Schema = Mapping[str, Any]
Path = tuple[str, ...]

# Past this container depth only what is required is generated (required properties, minItems,
# the null branch of a union), so recursive schemas terminate; past the hard limit we give up.
SHALLOW_DEPTH = 4
HARD_DEPTH = 32
PATTERN_ATTEMPTS = 12
RETRY_ATTEMPTS = 8

# ---------------------------------------------------------------------------------------------
# Places: a small gazetteer in the form the real model writes them in tool arguments.

GAZETTEER: dict[str, str] = {
    "boston": "Boston, MA",
    "san francisco": "San Francisco, CA",
    "new york city": "New York, NY",
    "new york": "New York, NY",
    "nyc": "New York, NY",
    "los angeles": "Los Angeles, CA",
    "san diego": "San Diego, CA",
    "san jose": "San Jose, CA",
    "seattle": "Seattle, WA",
    "chicago": "Chicago, IL",
    "miami": "Miami, FL",
    "orlando": "Orlando, FL",
    "austin": "Austin, TX",
    "dallas": "Dallas, TX",
    "houston": "Houston, TX",
    "denver": "Denver, CO",
    "atlanta": "Atlanta, GA",
    "phoenix": "Phoenix, AZ",
    "las vegas": "Las Vegas, NV",
    "portland": "Portland, OR",
    "philadelphia": "Philadelphia, PA",
    "washington dc": "Washington, DC",
    "washington, d.c.": "Washington, DC",
    "london": "London, UK",
    "paris": "Paris, France",
    "berlin": "Berlin, Germany",
    "madrid": "Madrid, Spain",
    "barcelona": "Barcelona, Spain",
    "rome": "Rome, Italy",
    "amsterdam": "Amsterdam, Netherlands",
    "glasgow": "Glasgow, Scotland",
    "dublin": "Dublin, Ireland",
    "toronto": "Toronto, Canada",
    "vancouver": "Vancouver, Canada",
    "mexico city": "Mexico City, Mexico",
    "sydney": "Sydney, Australia",
    "melbourne": "Melbourne, Australia",
    "tokyo": "Tokyo, Japan",
    "osaka": "Osaka, Japan",
    "kyoto": "Kyoto, Japan",
    "beijing": "Beijing, China",
    "shanghai": "Shanghai, China",
    "hong kong": "Hong Kong",
    "singapore": "Singapore",
    "bangkok": "Bangkok, Thailand",
    "dubai": "Dubai, UAE",
    "mumbai": "Mumbai, India",
    "seoul": "Seoul, South Korea",
    "busan": "Busan, South Korea",
    "incheon": "Incheon, South Korea",
    "jeju": "Jeju, South Korea",
    "서울": "Seoul, South Korea",
    "부산": "Busan, South Korea",
    "인천": "Incheon, South Korea",
    "대구": "Daegu, South Korea",
    "제주": "Jeju, South Korea",
    "도쿄": "Tokyo, Japan",
    "파리": "Paris, France",
    "런던": "London, UK",
    "뉴욕": "New York, NY",
}


def _alias_trie(aliases: list[str], end: str) -> str:
    """A regex matching any of ``aliases`` as a trie of their letters, ``end`` after each.

    A plain alternation tries every alias at every position of the text (~0.6 us a letter
    with IGNORECASE); a trie rejects a position at its first letter. At each letter the longer
    aliases are tried before the one ending there, so the longest alias that matches wins
    ("new york city" over "new york"), as an alternation sorted longest first does.
    """
    root: dict[str, Any] = {}
    for alias in aliases:
        node = root
        for char in alias:
            node = node.setdefault(char, {})
        node[""] = {}  # an alias ends here

    def branches(node: dict[str, Any]) -> str:
        alternatives = [re.escape(c) + branches(rest) for c, rest in sorted(node.items()) if c]
        if "" in node:
            alternatives.append(end)
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return branches(root)


def _is_hangul(alias: str) -> bool:
    return re.search("[가-힣]", alias) is not None


# Hangul aliases take particles ("서울의"), so only Latin ones need word boundaries; no alias
# mixes the two scripts, so at any position only one of the two tries can match.
_LATIN_ALIASES = _alias_trie([a for a in GAZETTEER if not _is_hangul(a)], end=r"\b")
_HANGUL_ALIASES = _alias_trie([a for a in GAZETTEER if _is_hangul(a)], end="")
_GAZETTEER_RE = re.compile(rf"\b{_LATIN_ALIASES}|{_HANGUL_ALIASES}", re.IGNORECASE)
# Most texts are ASCII, where str.lower folds case exactly as IGNORECASE does, keeps every
# position and each letter's word-ness, and no Hangul alias can match: there a case-sensitive
# trie over the lowered text finds the same spans (~3x faster than IGNORECASE).
_LOWER_LATIN_RE = re.compile(rf"\b{_LATIN_ALIASES}")


def _gazetteer_matches(text: str) -> list[tuple[tuple[int, int], str]]:
    """Each gazetteer alias in ``text``: its span and its lowered words (GAZETTEER's key)."""
    if text.isascii():
        return [(m.span(), m.group(0)) for m in _LOWER_LATIN_RE.finditer(text.lower())]
    return [(m.span(), m.group(0).lower()) for m in _GAZETTEER_RE.finditer(text)]


# "in Springfield", "to Rivendell, Middle Earth": a capitalised name after a place preposition.
_PLACE_AFTER_RE = re.compile(
    r"\b(?:in|at|to|for|from|near|of|around|visit|visiting)\s+"
    r"((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*)*(?:,\s*[A-Z][\w.-]*)?)"
)
_NOT_PLACES = {"I", "The", "A", "An", "Today", "Tomorrow", "Celsius", "Fahrenheit", "Monday"}


def find_places(text: str) -> list[str]:
    """Places named in ``text``, in order of appearance, without duplicates.

    Well-known cities map to the form the real model uses ("Boston" -> "Boston, MA"); an
    explicit "City, Region" is kept as written; otherwise a capitalised name after "in", "at",
    "to"... is taken as it is.
    """
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for span, alias in _gazetteer_matches(text):
        found.append((span[0], GAZETTEER[alias]))
        spans.append(span)
    for m in _PLACE_AFTER_RE.finditer(text):
        start, end = m.span(1)
        if any(s < end and start < e for s, e in spans):
            continue
        name = m.group(1).rstrip(".")
        if name.split()[0] not in _NOT_PLACES:
            found.append((start, name))
    places: list[str] = []
    for _, place in sorted(found):
        if place not in places:
            places.append(place)
    return places


# ---------------------------------------------------------------------------------------------
# Hints: what the user's words offer to string, enum and number properties.

_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")
_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+)([A-Z]\w*)")
_COMMON_CAPITALS = {"I", "What", "How", "When", "Where", "Who", "Why", "Which", "Please", "Can"}


@dataclass(frozen=True)
class Hint:
    text: str
    places: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    lowered: str = field(default="", repr=False)

    @classmethod
    def parse(cls, text: str, places: Sequence[str] | None = None) -> Hint:
        starts = {m.group(1) for m in _SENTENCE_START_RE.finditer(text)}
        names = []
        for m in _CAPITALISED_RE.finditer(text):
            name = m.group(0)
            if name in _COMMON_CAPITALS or (name in starts and " " not in name):
                continue
            if name not in names:
                names.append(name)
        return cls(
            text=text,
            places=tuple(find_places(text) if places is None else places),
            names=tuple(names),
            numbers=tuple(float(n) for n in _NUMBER_RE.findall(text)),
            lowered=text.lower(),
        )

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The most salient words, in the order the user wrote them ("best pizza recipes").

        Found when first asked for: only query-like and unnamed strings use them, and finding
        them is most of parsing a hint (a location or a number never needs them)."""
        return tuple(sorted(salient_words(self.text, 3), key=self.text.find))

    def mentions(self, value: str) -> bool:
        """Whether ``value`` appears in the hint as a whole word (case-insensitive)."""
        if not value:
            return False
        return re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", self.lowered) is not None


def identifier_words(name: str) -> list[str]:
    """``getCurrentWeather`` / ``get_current_weather`` -> ``["get", "current", "weather"]``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w.lower() for w in re.split(r"[^A-Za-z0-9가-힣]+", spaced) if w]


# ---------------------------------------------------------------------------------------------
# Generation.

_ADJECTIVES = ["bright", "quiet", "amber", "silver", "gentle", "swift", "golden", "calm", "bold"]
_NOUNS = ["harbor", "meadow", "river", "summit", "garden", "lantern", "orchard", "valley", "bridge"]
_COLORS = ["blue", "green", "red", "orange", "purple", "teal", "yellow"]
_FIRST = ["Alex", "Jordan", "Sam", "Taylor", "Morgan", "Jamie", "Casey", "Riley"]
_LAST = ["Kim", "Lee", "Garcia", "Smith", "Chen", "Park", "Novak", "Silva"]

_LOCATION_KEYS = {"location", "city", "place", "destination", "town", "region", "where", "origin"}
_NAME_KEYS = {"name", "person", "author", "username", "user", "recipient", "owner", "title"}
_QUERY_KEYS = {"query", "search", "keyword", "keywords", "topic", "term", "terms", "subject"}
_TEXT_KEYS = {"text", "message", "content", "prompt", "question", "summary", "description"}
_COUNT_KEYS = {
    *("count", "num", "number", "limit", "quantity", "amount", "n", "age", "year", "max", "top"),
    *("results", "days", "nights", "hours", "minutes", "people", "guests", "size", "items"),
}


def _hex(rng: Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _datetime(rng: Random) -> datetime:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    return base + timedelta(days=rng.randrange(730), minutes=rng.randrange(24 * 60))


def _format_value(fmt: str, rng: Random) -> str | None:
    """A value of a JSON Schema ``format``, or None for formats we do not know."""
    moment = _datetime(rng)
    person = rng.choice(_FIRST).lower()
    if fmt == "date-time":
        return moment.strftime("%Y-%m-%dT%H:%M:00Z")
    if fmt == "date":
        return moment.strftime("%Y-%m-%d")
    if fmt == "time":
        return moment.strftime("%H:%M:00")
    if fmt in ("email", "idn-email"):
        return f"{person}.{rng.choice(_LAST).lower()}@example.com"
    if fmt == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if fmt in ("uri", "iri", "uri-reference", "iri-reference", "url"):
        return f"https://example.com/{rng.choice(_NOUNS)}/{rng.randrange(1, 1000)}"
    if fmt in ("hostname", "idn-hostname"):
        return f"{rng.choice(_NOUNS)}.example.com"
    if fmt == "ipv4":
        return f"192.0.2.{rng.randrange(1, 255)}"
    if fmt == "ipv6":
        return f"2001:db8::{rng.randrange(1, 0xFFFF):x}"
    if fmt == "duration":
        return f"P{rng.randrange(1, 30)}D"
    return None


@dataclass
class _Node:
    """Where a schema sits: its path (for seeding), nesting depth, and naming context."""

    path: Path
    depth: int = 0
    key: str = ""
    description: str = ""
    item: int = 0

    def child(self, step: str, *, key: str | None = None, container: bool = True) -> _Node:
        return _Node(
            path=(*self.path, step),
            depth=self.depth + (1 if container else 0),
            key=self.key if key is None else key,
            description=self.description,
            item=self.item,
        )


class _Generator:
    def __init__(self, root: Schema, seed: int, hint: Hint) -> None:
        self.root = root
        self.seed = seed
        self.hint = hint

    def rng(self, node: _Node, *salt: str) -> Random:
        return derive(self.seed, "json_schema", *node.path, *salt)

    # -- schema plumbing ----------------------------------------------------------------------

    def flatten(self, schema: Schema, hops: int = 0) -> Schema:
        """Inline ``$ref`` and ``allOf`` into one schema (siblings of ``$ref`` apply too)."""
        if hops > HARD_DEPTH:
            return {}
        parts: list[Schema] = []
        if isinstance(schema.get("$ref"), str):
            parts.append(self.flatten(resolve_ref(self.root, schema["$ref"]), hops + 1))
        for sub in schema.get("allOf") or []:
            if isinstance(sub, Mapping):
                parts.append(self.flatten(sub, hops + 1))
        if not parts:
            return schema
        rest = {k: v for k, v in schema.items() if k not in ("$ref", "allOf")}
        merged: dict[str, Any] = {}
        for part in [*parts, rest]:
            merged = _merge(merged, part)
        return merged

    # -- values -------------------------------------------------------------------------------

    def value(self, schema: Any, node: _Node) -> Any:
        if schema is True or schema is None:
            schema = {}
        if not isinstance(schema, Mapping) or node.depth > HARD_DEPTH:
            return None
        schema = self.flatten(schema)
        if isinstance(schema.get("description"), str):
            node.description = schema["description"]
        rng = self.rng(node)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self.enum(schema["enum"], rng)
        for union in ("anyOf", "oneOf"):
            branches = [b if isinstance(b, Mapping) else {} for b in schema.get(union) or []]
            if branches:
                rest = {k: v for k, v in schema.items() if k != union}
                branch = self.pick_branch(branches, node, rng)
                return self.value(_merge(rest, branch), node.child(union, container=False))
        kind = self.pick_type(schema, node, rng)
        if kind == "object":
            return self.object(schema, node, rng)
        if kind == "array":
            return self.array(schema, node, rng)
        if kind == "string":
            return self.string(schema, node, rng)
        if kind == "integer":
            return self.integer(schema, node, rng)
        if kind == "number":
            return self.number(schema, node, rng)
        if kind == "boolean":
            return rng.random() < 0.5
        return None

    def enum(self, values: list[Any], rng: Random) -> Any:
        for value in values:
            if isinstance(value, str) and self.hint.mentions(value):
                return value
        return rng.choice(values)

    def shallow(self, node: _Node) -> bool:
        return node.depth >= SHALLOW_DEPTH

    def pick_branch(self, branches: list[Schema], node: _Node, rng: Random) -> Schema:
        if self.shallow(node):
            # Prefer the branch that ends the recursion: null, then a scalar, then the rest.
            return min(branches, key=lambda b: _branch_weight(self.flatten(b)))
        return rng.choice(branches)

    def pick_type(self, schema: Schema, node: _Node, rng: Random) -> str:
        declared = schema.get("type")
        types = [declared] if isinstance(declared, str) else list(declared or [])
        if not types:
            excluded = schema.get("not", {})
            if isinstance(excluded, Mapping) and "type" in excluded:
                ruled_out = excluded["type"]
                ruled_out = {ruled_out} if isinstance(ruled_out, str) else set(ruled_out)
                allowed = [t for t in _ANY_TYPES if t not in ruled_out]
                return rng.choice(allowed) if allowed else "null"
            return _infer_type(schema)
        concrete = [t for t in types if t != "null"]
        if not concrete or (self.shallow(node) and "null" in types):
            return "null"
        if "null" in types and rng.random() < 0.2:
            return "null"
        return str(rng.choice(concrete))

    def object(self, schema: Schema, node: _Node, rng: Random) -> dict[str, Any]:
        props = schema.get("properties") or {}
        required = [k for k in schema.get("required") or [] if isinstance(k, str)]
        chosen = [k for k in props if k in required]
        optional = [k for k in props if k not in required]
        if not self.shallow(node):
            chosen += [k for k in optional if self.rng(node, "include", k).random() < 0.5]
        for key in list(chosen):  # dependentRequired pulls in companions
            for dep in (schema.get("dependentRequired") or {}).get(key, []):
                if dep in props and dep not in chosen:
                    chosen.append(dep)
        minimum = int(schema.get("minProperties", 0))
        for key in optional:
            if len(chosen) >= minimum:
                break
            if key not in chosen:
                chosen.append(key)
        result: dict[str, Any] = {}
        for key in props:
            if key in chosen:
                child = node.child("properties", container=False).child(key, key=key)
                child.description = ""
                result[key] = self.value(props[key], child)
        extra_schema = schema.get("additionalProperties", True)
        for key in required:  # required names with no declared schema
            if key not in result and extra_schema is not False:
                result[key] = self.value(extra_schema, node.child(key, key=key))
        n = 0
        while len(result) < minimum and extra_schema is not False:
            n += 1
            result[f"extra_{n}"] = self.value(extra_schema, node.child(f"extra_{n}"))
        return result

    def array(self, schema: Schema, node: _Node, rng: Random) -> list[Any]:
        prefix = [s for s in schema.get("prefixItems") or []]
        items = schema.get("items", {})
        lo = int(schema.get("minItems", 0))
        hi = int(schema.get("maxItems", lo + 3))
        if items is False:
            hi = min(hi, len(prefix))
        if self.shallow(node):
            count = lo
        else:
            low = min(max(lo, 1), hi)
            count = rng.randint(low, max(low, min(hi, lo + 3)))
        result: list[Any] = []
        unique = bool(schema.get("uniqueItems"))
        for i in range(count):
            sub = prefix[i] if i < len(prefix) else items
            value: Any = None
            fresh = True
            for attempt in range(PATTERN_ATTEMPTS if unique else 1):
                child = node.child(f"{i}.{attempt}" if attempt else str(i))
                child.item = i
                value = self.value(sub, child)
                fresh = not any(_same(value, v) for v in result)
                if not unique or fresh:
                    break
            if unique and not fresh and len(result) >= lo:
                break  # the item schema has run out of distinct values: stop at a valid length
            result.append(value)
        return result

    def integer(self, schema: Schema, node: _Node, rng: Random) -> int:
        lo, hi = _int_bounds(schema)
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            first = math.ceil(lo / step) if lo is not None else 1
            last = math.floor(hi / step) if hi is not None else first + 20
            return step * rng.randint(first, max(first, last))
        wanted = self.hinted_number(node, lo, hi)
        if wanted is not None and wanted == int(wanted):
            return int(wanted)
        low = lo if lo is not None else (1 if hi is None or hi >= 1 else hi - 100)
        high = hi if hi is not None else low + 99
        return rng.randint(low, max(low, high))

    def number(self, schema: Schema, node: _Node, rng: Random) -> float | int:
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            return _number_multiple(schema, float(step), rng)
        lo, hi = _num_bounds(schema)
        wanted = self.hinted_number(node, lo, hi)
        if wanted is not None:
            return wanted
        low = lo if lo is not None else (0.0 if hi is None or hi >= 0 else hi - 100)
        high = hi if hi is not None else low + 100
        value = round(rng.uniform(low, high), 2)
        for candidate in (value, (low + high) / 2, low, high):
            if _in_num_bounds(schema, candidate):
                return candidate
        return value

    def hinted_number(self, node: _Node, lo: float | None, hi: float | None) -> float | None:
        """A number the user wrote, for a count-like property ("next 3 days" -> days=3)."""
        if not set(identifier_words(node.key)) & _COUNT_KEYS:
            return None
        for n in self.hint.numbers:
            if (lo is None or n >= lo) and (hi is None or n <= hi):
                return n
        return None

    def string(self, schema: Schema, node: _Node, rng: Random) -> str:
        fmt = schema.get("format")
        value = _format_value(fmt, rng) if isinstance(fmt, str) else None
        if value is None:
            value = self.semantic_string(node, rng)
        lo = int(schema.get("minLength", 0))
        hi = schema.get("maxLength")
        value = _fit_length(value, lo, hi if isinstance(hi, int) else None, rng)
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            value = self.fit_pattern(value, pattern, lo, hi, node)
        return value

    def fit_pattern(self, value: str, pattern: str, lo: int, hi: Any, node: _Node) -> str:
        try:
            compiled = re.compile(pattern)
        except re.error:
            return value

        def ok(s: str) -> bool:
            return compiled.search(s) is not None and lo <= len(s) <= (hi or len(s))

        if ok(value):
            return value
        for attempt in range(PATTERN_ATTEMPTS):
            candidate = _from_regex(pattern, self.rng(node, "pattern", str(attempt)))
            if candidate is not None and ok(candidate):
                return candidate
        return value

    def semantic_string(self, node: _Node, rng: Random) -> str:
        """A readable string suited to the property's name (or description), from the hint."""
        words = set(identifier_words(node.key))
        category = _category(words) or _category(set(identifier_words(node.description)))
        hint = self.hint
        if category == "location":
            if hint.places:
                return hint.places[node.item % len(hint.places)]
            return rng.choice(["Boston, MA", "Paris, France", "Tokyo, Japan"])
        if category in ("email", "uri", "date"):
            return _format_value(category, rng) or ""
        if category == "id":
            return f"{'_'.join(identifier_words(node.key)[:-1]) or 'id'}_{_hex(rng, 8)}"
        if category == "color":
            return rng.choice(_COLORS)
        if category == "country" and hint.places and "," in hint.places[0]:
            return hint.places[0].rsplit(",", 1)[1].strip()
        if category == "name":
            if hint.names:
                return hint.names[node.item % len(hint.names)]
            return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if category == "query" and hint.words:
            return " ".join(hint.words)
        if category == "text" and hint.text.strip():
            return _first_sentence(hint.text)
        if hint.words and rng.random() < 0.5:
            return hint.words[node.item % len(hint.words)]
        return f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"


def _category(words: set[str]) -> str | None:
    """What kind of string a property with these name (or description) words holds."""
    categories = [
        ("location", _LOCATION_KEYS),
        ("email", {"email"}),
        ("uri", {"url", "uri", "link", "website", "homepage"}),
        ("date", {"date", "birthday"}),
        ("id", {"id", "uuid", "identifier"}),
        ("color", {"color", "colour"}),
        ("country", {"country"}),
        ("name", _NAME_KEYS),
        ("query", _QUERY_KEYS),
        ("text", _TEXT_KEYS),
    ]
    for name, keys in categories:
        if words & keys:
            return name
    return None


def resolve_ref(root: Schema, ref: str) -> Schema:
    """The schema a local ``$ref`` (a JSON pointer such as ``#/$defs/Node``) points at."""
    if not ref.startswith("#"):
        return {}  # remote references are out of scope: accept anything
    target: Any = root
    for raw in ref[1:].split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        elif isinstance(target, Mapping) and part in target:
            target = target[part]
        else:
            return {}
    return target if isinstance(target, Mapping) else {}


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()), maxsplit=1)[0][:200]


_ANY_TYPES = ("string", "integer", "boolean", "null", "number", "object", "array")


def _infer_type(schema: Schema) -> str:
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        return "object"
    if any(k in schema for k in ("items", "prefixItems", "minItems", "maxItems")):
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")):
        return "number"
    if "multipleOf" in schema:
        return "integer"
    return "string"


def _branch_weight(schema: Schema) -> int:
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else list(kind or [])
    if "null" in kinds or schema.get("const", 0) is None:
        return 0
    if kinds and not {"object", "array"} & set(kinds):
        return 1
    return 2 if "$ref" not in schema else 3


def _same(a: Any, b: Any) -> bool:
    # JSON equality: 1 == True in Python but not in JSON Schema's uniqueItems.
    return type(a) is type(b) and a == b


def _merge(a: Schema, b: Schema) -> dict[str, Any]:
    """Both schemas' constraints in one (the ``allOf`` of two), for the keywords we generate."""
    merged = dict(a)
    for key, value in b.items():
        if key not in merged:
            merged[key] = value
        elif key == "properties":
            props = dict(merged[key])
            for name, sub in value.items():
                props[name] = {"allOf": [props[name], sub]} if name in props else sub
            merged[key] = props
        elif key == "required":
            merged[key] = list(dict.fromkeys([*merged[key], *value]))
        elif key in ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"):
            merged[key] = max(merged[key], value)
        elif key in ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"):
            merged[key] = min(merged[key], value)
        elif key == "type":
            left = {merged[key]} if isinstance(merged[key], str) else set(merged[key])
            right = {value} if isinstance(value, str) else set(value)
            both = left & right or ({"integer"} if {"integer", "number"} <= left | right else left)
            merged[key] = sorted(both) if len(both) > 1 else next(iter(both))
        elif key == "enum":
            merged[key] = [v for v in merged[key] if v in value] or merged[key]
        elif key == "additionalProperties" and value is False:
            merged[key] = False
    return merged


def _int_bounds(schema: Schema) -> tuple[int | None, int | None]:
    lo: int | None = None
    hi: int | None = None
    if isinstance(schema.get("minimum"), int | float):
        lo = math.ceil(schema["minimum"])
    if isinstance(schema.get("exclusiveMinimum"), int | float):
        bound = math.floor(schema["exclusiveMinimum"]) + 1
        lo = bound if lo is None else max(lo, bound)
    if isinstance(schema.get("maximum"), int | float):
        hi = math.floor(schema["maximum"])
    if isinstance(schema.get("exclusiveMaximum"), int | float):
        bound = math.ceil(schema["exclusiveMaximum"]) - 1
        hi = bound if hi is None else min(hi, bound)
    return lo, hi


def _num_bounds(schema: Schema) -> tuple[float | None, float | None]:
    lo = schema.get("minimum", schema.get("exclusiveMinimum"))
    hi = schema.get("maximum", schema.get("exclusiveMaximum"))
    return (
        float(lo) if isinstance(lo, int | float) else None,
        float(hi) if isinstance(hi, int | float) else None,
    )


def _in_num_bounds(schema: Schema, x: float) -> bool:
    def bound(key: str) -> float | None:
        value = schema.get(key)
        return float(value) if isinstance(value, int | float) else None

    lo, hi = bound("minimum"), bound("maximum")
    xlo, xhi = bound("exclusiveMinimum"), bound("exclusiveMaximum")
    return (
        (lo is None or x >= lo)
        and (hi is None or x <= hi)
        and (xlo is None or x > xlo)
        and (xhi is None or x < xhi)
    )


def _number_multiple(schema: Schema, step: float, rng: Random) -> float | int:
    """A multiple of ``step`` in bounds that validators accept despite float rounding."""
    lo, hi = _num_bounds(schema)
    first = math.ceil(lo / step) if lo is not None else 1
    last = math.floor(hi / step) if hi is not None else first + 20
    start = rng.randint(first, max(first, last))
    for k in [start, *range(first, max(first, last) + 1)][:50]:
        rounded = round(k * step, 10)
        candidate: float | int = int(rounded) if rounded == int(rounded) else rounded
        quotient = candidate / step
        if quotient == int(quotient) and _in_num_bounds(schema, candidate):
            return candidate
    return round(start * step, 10)


def _fit_length(value: str, lo: int, hi: int | None, rng: Random) -> str:
    while len(value) < lo:
        value = f"{value} {rng.choice(_NOUNS)}".strip()
    if hi is not None and len(value) > hi:
        value = value[:hi]
        if len(value.rstrip()) >= lo:
            value = value.rstrip()
    return value


# ---------------------------------------------------------------------------------------------
# Strings from simple regular expressions, via the stdlib's own regex parser.

_MAX_REPEAT_EXTRA = 3
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_WORD": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": "abcxyz",
    "CATEGORY_NOT_WORD": "-.",
    "CATEGORY_NOT_SPACE": "abcxyz0123",
}
_PRINTABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. "


def _from_regex(pattern: str, rng: Random) -> str | None:
    """A string matching ``pattern`` for the common subset (None when it cannot tell)."""
    try:
        parser: Any = importlib.import_module("re._parser")
        parsed = parser.parse(pattern)
        return "".join(_emit(list(parsed), rng))
    except Exception:  # any unsupported construct just means "no candidate"
        return None


def _emit(items: list[Any], rng: Random) -> list[str]:
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append(next(c for c in _PRINTABLE if ord(c) != arg))
        elif name == "ANY":
            out.append(rng.choice("abcxyz"))
        elif name == "IN":
            out.append(_char_class(arg, rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            high = min(high, low + _MAX_REPEAT_EXTRA)
            for _ in range(rng.randint(low, high)):
                out.extend(_emit(list(body), rng))
        elif name == "SUBPATTERN":
            out.extend(_emit(list(arg[-1]), rng))
        elif name == "ATOMIC_GROUP":
            out.extend(_emit(list(arg), rng))
        elif name == "BRANCH":
            out.extend(_emit(list(rng.choice(arg[1])), rng))
        elif name == "AT":
            continue
        else:
            raise ValueError(f"unsupported regex construct {name}")
    return out


def _char_class(members: list[Any], rng: Random) -> str:
    allowed: list[str] = []
    negate = False
    for op, arg in members:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            allowed.append(chr(arg))
        elif name == "RANGE":
            allowed.extend(chr(c) for c in range(arg[0], min(arg[1], arg[0] + 64) + 1))
        elif name == "CATEGORY":
            allowed.extend(_CATEGORY_CHARS.get(str(arg), ""))
    if negate:
        allowed = [c for c in _PRINTABLE if c not in allowed]
    return rng.choice(allowed)


# ---------------------------------------------------------------------------------------------
# Public API.


def instance(
    schema: Schema, seed: int, *, hint: str = "", places: Sequence[str] | None = None
) -> Any:
    """A value valid against ``schema``, drawn deterministically from ``seed``.

    ``hint`` is the user's text: strings for location-, name- and query-like properties, enum
    choices and count-like numbers come from it when it offers them. ``places`` overrides the
    places found in the hint (tool calls aimed at one of several targets use this).
    Unsatisfiable schemas (``false``, contradictory constraints) give a best effort.
    """
    parsed = Hint.parse(hint, places)
    first = _Generator(schema, seed, parsed).value(schema, _Node(path=()))
    if _is_valid(schema, first):
        return first
    # Rare misses (overlapping oneOf branches, "not", odd pattern/length mixes): re-draw.
    for attempt in range(1, RETRY_ATTEMPTS):
        retry_seed = derive_int(seed, "json_schema-retry", attempt)
        candidate = _Generator(schema, retry_seed, parsed).value(schema, _Node(path=()))
        if _is_valid(schema, candidate):
            return candidate
    return first


def _is_valid(schema: Schema, value: Any) -> bool:
    """Whether ``value`` validates (Draft 2020-12); True when the schema cannot be checked."""
    try:
        return bool(_validator(schema).is_valid(value))
    except Exception:  # an invalid or unresolvable schema: nothing better to offer
        return True


# A tool's or a response format's schema comes back with every request, so its validator (a
# third of a check) is remembered by the schema's JSON, as orjson writes it (same bytes, same
# schema); a longer or unwritable schema gets a validator of its own each time.
REMEMBERED_SCHEMAS = 256
REMEMBERED_SCHEMA_BYTES = 1 << 14


def written_key(value: Any, limit: int) -> bytes | None:
    """``value`` as orjson writes it, to remember what depends on ``value`` alone: the same
    bytes are the same values of the same types with their keys in the same order (a body's
    values are what orjson read, which it writes back exactly). None when orjson cannot write
    it (too deep, a non-dict Mapping) or it is longer than ``limit``: use it as it is."""
    try:
        written = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return None
    return written if len(written) <= limit else None


def _validator(schema: Schema) -> Any:
    written = written_key(schema, REMEMBERED_SCHEMA_BYTES)
    return _new_validator(schema) if written is None else _remembered_validator(written)


@lru_cache(maxsize=REMEMBERED_SCHEMAS)
def _remembered_validator(written: bytes) -> Any:
    return _new_validator(orjson.loads(written))


def _new_validator(schema: Schema) -> Any:
    jsonschema: Any = importlib.import_module("jsonschema")  # untyped: keep it Any
    return jsonschema.Draft202012Validator(schema)

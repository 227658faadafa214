"""The ``web_search`` tools (and their ``web_search_preview`` forms): the definition checked as
the real API checks it, and a search answered offline from a clearly fake corpus made from the
query itself (``example.com``-style pages, never a network request), turned into the
``web_search_call`` item, the tool result the reply is planned from and ``url_citation``
annotations into the answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...generate import text as textgen
from ...http import errors
from ...http.params import check_value, param
from ...randomness import derive_int, digest
from . import errors as resp_errors

CURRENT_TYPES = ("web_search", "web_search_2025_08_26")
PREVIEW_TYPES = ("web_search_preview", "web_search_preview_2025_03_11")
TYPES = (*CURRENT_TYPES, *PREVIEW_TYPES)
CONTEXT_SIZES = ("low", "medium", "high")
CONTENT_TYPES = ("text", "image")
CURRENT_KEYS = ("type", "filters", "search_context_size", "user_location", "external_web_access")
PREVIEW_KEYS = ("type", "search_context_size", "user_location", "search_content_types")
LOCATION_KEYS = ("type", "city", "country", "region", "timezone")
# Reserved for documentation (RFC 2606): no reader mistakes these pages for real ones.
DOMAINS = ("example.com", "example.org", "example.net")
PAGES = 3
# The real API tags the links it cites with its name.
UTM = "utm_source=openai"


def _location(where: str, given: Any, *, preview: bool) -> dict[str, Any]:
    check_value(where, param("object"), given)
    for key in given:
        if key not in LOCATION_KEYS:
            raise resp_errors.unknown_parameter(f"{where}.{key}")
    kind = given.get("type")
    if kind is None and preview:
        raise errors.missing_parameter(f"{where}.type")
    if kind is not None:
        check_value(f"{where}.type", param("string", enum=("approximate",)), kind)
    for key in LOCATION_KEYS[1:]:
        if given.get(key) is not None:
            check_value(f"{where}.{key}", param("string"), given[key])
    return {"type": "approximate", **{key: given.get(key) for key in LOCATION_KEYS[1:]}}


# Omitted or null, the real API searches as from the United States (the SDK's note).
DEFAULT_LOCATION = {
    "type": "approximate",
    "city": None,
    "country": "US",
    "region": None,
    "timezone": None,
}


def check_tool(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    """A web search tool as the response echoes it (the real 400 for a bad field)."""
    kind = tool["type"]
    preview = kind in PREVIEW_TYPES
    for key in tool:
        if key not in (PREVIEW_KEYS if preview else CURRENT_KEYS):
            raise resp_errors.unknown_parameter(f"{where}.{key}")
    size = tool.get("search_context_size")
    if size is not None:
        check_value(f"{where}.search_context_size", param("string", enum=CONTEXT_SIZES), size)
    location = dict(DEFAULT_LOCATION)
    if tool.get("user_location") is not None:
        location = _location(f"{where}.user_location", tool["user_location"], preview=preview)
    echoed: dict[str, Any] = {"type": kind}
    if preview:
        types = tool.get("search_content_types")
        if types is not None:
            check_value(f"{where}.search_content_types", param("array"), types)
            for k, value in enumerate(types):
                check_value(
                    f"{where}.search_content_types[{k}]",
                    param("string", enum=CONTENT_TYPES),
                    value,
                )
            echoed["search_content_types"] = list(types)
    else:
        echoed["filters"] = _filters(f"{where}.filters", tool.get("filters"))
        if tool.get("external_web_access") is not None:
            check_value(
                f"{where}.external_web_access", param("boolean"), tool["external_web_access"]
            )
    echoed["search_context_size"] = size or "medium"
    echoed["user_location"] = location
    return echoed


def _filters(where: str, given: Any) -> dict[str, Any] | None:
    if given is None:
        return None
    check_value(where, param("object"), given)
    for key in given:
        if key != "allowed_domains":
            raise resp_errors.unknown_parameter(f"{where}.{key}")
    domains = given.get("allowed_domains")
    if domains is not None:
        check_value(f"{where}.allowed_domains", param("array"), domains)
        for k, domain in enumerate(domains):
            check_value(f"{where}.allowed_domains[{k}]", param("string"), domain)
    return {"allowed_domains": list(domains) if domains is not None else None}


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    text: str


def _slug(query: str) -> str:
    words = re.findall(r"\w+", query.lower())[:6]
    return "-".join(words) or "search"


def pages(seed: int, query: str, domains: list[str] | None) -> list[Page]:
    """The fake corpus's pages for ``query``: a pure function of the seed and the query.
    ``allowed_domains`` narrows the hosts to subdomains of the domains allowed."""
    hosts = [f"www.{d}" for d in DOMAINS]
    if domains:
        hosts = [f"search.{d.strip().lower().removeprefix('www.')}" for d in domains]
    slug = _slug(query)
    found = []
    for k in range(PAGES):
        host = hosts[k % len(hosts)]
        key = digest(seed, "web-page", query, k).hex()[:8]
        text = textgen.reply_text(derive_int(seed, "web-page-text", query, k), query)
        title = f"{query.strip()[:60] or 'Search'}: example result {k + 1}"
        found.append(Page(f"https://{host}/{slug}-{key}", title, text))
    return found


@dataclass(frozen=True)
class Found:
    """One web search: the call item and the text the model reads."""

    item: dict[str, Any]
    pages: list[Page]

    @property
    def result_text(self) -> str:
        return "\n\n".join(f"{p.title}\n{p.url}\n{p.text}" for p in self.pages)

    def citations(self, text: str) -> list[dict[str, Any]]:
        """One ``url_citation`` per sentence of the answer (round the pages), each spanning
        its sentence: ``start_index`` and ``end_index`` are character offsets into ``text``."""
        spans = [m.span() for m in re.finditer(r"[^.!?\n]+[.!?]*", text) if m.group().strip()]
        cited = []
        for k, (start, end) in enumerate(spans[: len(self.pages)]):
            page = self.pages[k % len(self.pages)]
            while start < end and text[start].isspace():
                start += 1
            cited.append(
                {
                    "type": "url_citation",
                    "end_index": end,
                    "start_index": start,
                    "title": page.title,
                    "url": f"{page.url}?{UTM}",
                }
            )
        return cited


def run(
    seed: int, tool: Mapping[str, Any], query: str, item_id: str, *, with_sources: bool
) -> Found:
    """Search the fake corpus for ``query``."""
    filters = tool.get("filters") or {}
    found = pages(seed, query, filters.get("allowed_domains"))
    action: dict[str, Any] = {"type": "search", "query": query, "queries": [query]}
    if with_sources:
        action["sources"] = [{"type": "url", "url": p.url} for p in found]
    item = {"id": item_id, "type": "web_search_call", "status": "completed", "action": action}
    return Found(item, found)

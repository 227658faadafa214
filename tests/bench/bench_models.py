"""Throughput of the shared request path (auth, headers, journal, routing) on GET /v1/models.

Run: python tests/bench/bench_models.py  (printed figures; nothing is asserted).
Measured in process through httpx2's ASGI transport, so no socket or thread hop is counted."""

from __future__ import annotations

import asyncio
import time

import httpx2

from mockserver import Settings, create_app


async def main() -> None:
    app = create_app(Settings())
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://mock") as client:
        headers = {"Authorization": "Bearer sk-bench"}
        for _ in range(50):
            await client.get("/v1/models/gpt-4o", headers=headers)
        for path, n in (("/v1/models/gpt-4o", 3000), ("/v1/models", 1000)):
            started = time.perf_counter()
            for _ in range(n):
                await client.get(path, headers=headers)
            elapsed = time.perf_counter() - started
            print(f"GET {path}: {n / elapsed:,.0f} requests/s in process ({n} requests)")


if __name__ == "__main__":
    asyncio.run(main())

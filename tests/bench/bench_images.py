"""Images: pictures per second at 256x256 and 1024x1024, drawn and encoded by the generator
alone, then as whole requests through the app in process (parse, draw, encode, base64, JSON;
and with ``response_format=url``, storing the picture and signing its URL).

Run as ``python tests/bench/bench_images.py [seconds-per-case]`` (``make bench``). Every
picture has a prompt of its own, as users' do, so nothing is answered from a cache.
"""

from __future__ import annotations

import sys
import time

from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.generate.images import encode, render
from mockserver.settings import Settings

SIZES = (256, 1024)


def prompt(i: int) -> str:
    return f"A futuristic cityscape {i} with flying cars and neon lights over a red river"


def per_second(seconds: float, step: object) -> float:
    assert callable(step)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step(done)
        done += 1
    return done / (time.perf_counter() - start)


def main(seconds: float) -> None:
    for size in SIZES:

        def draw(i: int, size: int = size) -> None:
            encode(render(prompt(i), size, size, 0, i))

        rate = per_second(seconds, draw)
        print(f"generator   {size}x{size} png: {rate:7.1f} images/s")
    app = create_app(Settings(seed=0))
    with TestClient(app, base_url="http://mock", headers={"Authorization": "Bearer sk"}) as http:
        for size in SIZES:
            for response_format in ("b64_json", "url"):

                def step(i: int, size: int = size, fmt: str = response_format) -> None:
                    body = {"model": "dall-e-2", "prompt": prompt(i), "size": f"{size}x{size}",
                            "response_format": fmt}  # fmt: skip
                    reply = http.post("/v1/images/generations", json=body)
                    assert reply.status_code == 200, reply.text

                rate = per_second(seconds, step)
                print(f"requests    {size}x{size} {response_format:8}: {rate:7.1f} images/s")
        for size, model in ((1024, "gpt-image-1-mini"),):
            for fmt in ("jpeg", "webp"):

                def lossy(i: int, fmt: str = fmt, model: str = model) -> None:
                    body = {"model": model, "prompt": prompt(i), "size": "1024x1024",
                            "output_format": fmt, "output_compression": 80}  # fmt: skip
                    assert http.post("/v1/images/generations", json=body).status_code == 200

                rate = per_second(seconds, lossy)
                print(f"requests    {size}x{size} {fmt:8}: {rate:7.1f} images/s ({model})")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)

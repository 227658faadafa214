"""POST /v1/images/generations, /v1/images/edits (a multipart upload, or JSON naming the
pictures by file id or URL), /v1/images/variations, and the pictures' signed URLs
(GET /__mock__/images/{name}).

Drawing and encoding happen off the event loop (Pillow releases the GIL while it encodes); a
stream's frames are all made before the first is sent, as nothing in them waits on anything."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Pillow loads where a picture is read or made, not at start-up
    from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...http import errors
from ...http.sse import typed_sse_response
from ...state import MockState, mock_state
from . import render, request, urls
from .backend import Pictures, StoredPicture
from .render import Made
from .request import Options


def _pictures(mock: MockState) -> Pictures:
    return mock.backends.images


def _retired_by(mock: MockState) -> str | None:
    """Today on the mock's clock, when the mock answers retired APIs as the real one now does
    (``--retired-apis``: DALL·E and GPT Image 1 are shut down, the variations endpoint gone)."""
    if not mock.settings.retired_apis:
        return None
    return datetime.fromtimestamp(mock.now(), UTC).date().isoformat()


def _keep(
    mock: MockState, base_url: str, opts: Options, made: list[Made], created: int
) -> list[str]:
    """Store each picture and sign its URL (what ``response_format=url`` hands out)."""
    media_type = render.MEDIA_TYPES[opts.output_format]
    out = []
    for item in made:
        picture_id = mock.ids.new("img-")
        name = f"{picture_id}.{opts.output_format}"
        _pictures(mock).keep(StoredPicture(name, media_type, len(item.data), created), item.data)
        out.append(urls.signed_url(base_url, mock.seed, name, media_type, created))
    return out


async def _answer(
    request_: Request, mock: MockState, opts: Options, make: Callable[[], list[Made]],
    inputs: Sequence[Image.Image] = (),
) -> Any:  # fmt: skip
    created = mock.now()

    def work() -> dict[str, Any]:
        made = make()
        links = None
        if opts.response_format == "url":
            links = _keep(mock, str(request_.base_url), opts, made, created)
        return render.response(opts, made, created, links, inputs)

    return await run_in_threadpool(work)


async def _stream(
    mock: MockState, opts: Options, draw: Callable[[int], Image.Image], prefix: str,
    inputs: Sequence[Image.Image] = (),
) -> Response:  # fmt: skip
    created = mock.now()

    def work() -> list[tuple[str, dict[str, Any]]]:
        images = [draw(i) for i in range(opts.n)]
        return list(render.stream_events(opts, images, created, prefix, inputs))

    return typed_sse_response(await run_in_threadpool(work))


async def create_generation(request_: Request) -> Any:
    mock = mock_state(request_)
    opts = await request.generation(request_, mock.catalogue, _retired_by(mock))
    if opts.stream:
        draw = lambda i: render.generation_image(opts, mock.seed, i)  # noqa: E731
        return await _stream(mock, opts, draw, "image_generation")
    return await _answer(request_, mock, opts, lambda: render.generations(opts, mock.seed))


async def create_edit(request_: Request) -> Any:
    mock = mock_state(request_)
    retired = _retired_by(mock)
    if request_.headers.get("content-type", "").lower().startswith("application/json"):
        files = mock.backends.files
        req = await request.edit_json(request_, mock.catalogue, files, mock.seed, retired)
    else:
        req = await request.edit(request_, mock.catalogue, retired)
    inputs = [p.image for p in req.images]
    if req.options.stream:
        draw = lambda i: render.edit_image(req, mock.seed, i)  # noqa: E731
        return await _stream(mock, req.options, draw, "image_edit", inputs)
    make = lambda: render.edits(req, mock.seed)  # noqa: E731
    return await _answer(request_, mock, req.options, make, inputs)


async def create_variation(request_: Request) -> Any:
    mock = mock_state(request_)
    if mock.settings.retired_apis:  # "This endpoint no longer accepts requests."
        raise errors.invalid_url(request_.method, request_.url.path)
    req = await request.variation(request_, mock.catalogue, None)
    return await _answer(request_, mock, req.options, lambda: render.variations(req, mock.seed))


async def download(request_: Request) -> Response:
    """A picture behind its signed URL, or the storage's XML refusal."""
    mock = mock_state(request_)
    name = request_.path_params["name"]
    now = mock.clock.now()
    refused = urls.check(mock.seed, name, dict(request_.query_params), now)
    if refused is not None:
        return refused
    found = _pictures(mock).get(name)
    if found is None:
        return urls.blob_not_found(mock.seed, now)
    record, data = found
    return Response(data, media_type=record.media_type, headers={"x-ms-blob-type": "BlockBlob"})

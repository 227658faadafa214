"""The three image requests as typed values, checked the way the real API checks them: the
body's types first, then what the model takes (a DALL·E parameter on a GPT image model is an
unknown parameter, and the other way round), then each value against the model's facts.

Generations read JSON; edits and variations read a multipart form, whose text fields are
turned into the JSON types first (``n=2`` is the integer 2) so both meet the same checks."""

from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Pillow loads where a picture is read or made, not at start-up
    from PIL import Image
from starlette.requests import Request

from ...catalogue import Catalogue, Model
from ...generate.images import render
from ...http import errors
from ...http.body import json_body
from ...http.multipart import Form, Upload, form_body
from ...http.params import Param, check, check_value, param
from ...llm.image_urls import check_image_url
from ..files import errors as file_errors
from ..files.backend import Files
from . import errors as image_errors
from .facts import ImageFacts, facts

GENERATIONS = "images.generations"
EDITS = "images.edits"
VARIATIONS = "images.variations"
# The model a request that names none is made with (the API's documented default).
DEFAULT_MODEL = "dall-e-2"
MAX_N = 10
MAX_PARTIAL_IMAGES = 3
MAX_COMPRESSION = 100
MB = 1024 * 1024
DALL_E_UPLOAD_BYTES = 4 * MB  # "a valid PNG file, less than 4MB"
GPT_IMAGE_UPLOAD_BYTES = 50 * MB  # "each image should be a png, webp, or jpg file less than 50MB"
MAX_GPT_IMAGES = 16
GPT_IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")
DECODABLE = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}
# The largest upload decoded (pixels): beyond, Pillow's decompression-bomb guard refuses it.
MAX_DECODED_PIXELS = 64_000_000

SPEC: Mapping[str, Param] = {
    "prompt": param("string"),
    "model": param("string"),
    "n": param("integer"),
    "quality": param("string"),
    "response_format": param("string"),
    "size": param("string"),
    "style": param("string"),
    "user": param("string"),
    "safety_identifier": param("string"),
    "background": param("string"),
    "moderation": param("string"),
    "output_compression": param("integer"),
    "output_format": param("string"),
    "partial_images": param("integer"),
    "stream": param("boolean"),
    "complexity": param("string", enum=("low", "medium", "high")),
    "input_fidelity": param("string", enum=("high", "low")),
    "frame_count": param("integer"),
    "frame_duration_ms": param("integer"),
    "svg": param("object"),
}
_COMMON = frozenset({"prompt", "model", "n", "size", "user", "safety_identifier"})
_GPT = _COMMON | {
    "quality", "background", "output_compression", "output_format", "partial_images",
    "stream", "complexity", "frame_count", "frame_duration_ms", "svg",
}  # fmt: skip
# The parameters each endpoint takes, by model kind (the rest are unknown to that model).
TAKES: Mapping[str, Mapping[str, frozenset[str]]] = {
    GENERATIONS: {
        "dall-e": _COMMON | {"quality", "response_format", "style"},
        "gpt-image": _GPT | {"moderation"},
    },
    EDITS: {
        "dall-e": _COMMON | {"response_format", "quality"},
        "gpt-image": _GPT | {"input_fidelity", "moderation"},
    },
    VARIATIONS: {"dall-e": frozenset({"model", "n", "response_format", "size", "user"})},
}
FORM_FILES = frozenset({"image", "image[]", "mask"})
# Edits sent as JSON (GPT image models): the pictures by reference, a file or a URL.
JSON_EDIT_SPEC: Mapping[str, Param] = {
    **SPEC,
    "images": param("array", required=True, min_items=1, max_items=MAX_GPT_IMAGES),
    "mask": param("object"),
}
# The picture standing in for an http(s) image_url: the mock never fetches (it is offline).
REMOTE_SIZE = 1024
INTEGER_FIELDS = frozenset(name for name, rule in SPEC.items() if rule.kinds == ("integer",))


@dataclass(frozen=True)
class Options:
    """What every image request resolves to."""

    model: Model
    facts: ImageFacts
    prompt: str
    n: int
    width: int
    height: int
    quality: str  # as the response reports it (auto resolved)
    style: str | None
    response_format: str  # url or b64_json
    output_format: str  # png, jpeg or webp
    compression: int
    background: str  # as the response reports it: opaque or transparent
    requested_background: str  # as the stream events report it: auto, opaque, transparent
    requested_quality: str
    stream: bool
    partial_images: int
    safety_identifier: str | None

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"


@dataclass(frozen=True)
class Picture:
    """An uploaded picture, decoded."""

    image: Image.Image
    data: bytes
    format: str


@dataclass(frozen=True)
class EditRequest:
    options: Options
    images: list[Picture]
    mask: Picture | None = None


@dataclass(frozen=True)
class VariationRequest:
    options: Options
    image: Picture


# --- values --------------------------------------------------------------------------------


def _model(
    catalogue: Catalogue, body: Mapping[str, Any], endpoint: str, retired_by: str | None
) -> Model:
    """The model asked for (or the default); with ``retired_by`` (an ISO date: the mock runs
    with ``--retired-apis``) a model shut down by then is gone, as the real API's are."""
    name = body.get("model")
    model = catalogue.for_endpoint(DEFAULT_MODEL if name is None else name, endpoint)
    if retired_by is not None and model.shutdown is not None and model.shutdown <= retired_by:
        raise errors.model_not_found(model.id)
    return model


def _check_taken(body: Mapping[str, Any], endpoint: str, kind: str) -> None:
    takes = TAKES[endpoint][kind]
    for name, value in body.items():
        if value is not None and name not in takes:
            raise errors.unknown_parameter(name)


def _prompt(body: Mapping[str, Any], f: ImageFacts) -> str:
    prompt = body.get("prompt")
    if prompt is None:
        raise errors.missing_parameter("prompt")
    assert isinstance(prompt, str)
    if not prompt:
        raise errors.invalid_value(
            "prompt",
            "Invalid 'prompt': string too short. Expected a string with minimum length 1, but "
            "got an empty string instead.",
            code="empty_string",
        )
    if len(prompt) > f.prompt_max:
        raise image_errors.prompt_too_long(f.prompt_max, len(prompt))
    return prompt


def _n(body: Mapping[str, Any], f: ImageFacts) -> int:
    n = body.get("n")
    if n is None:
        return 1
    check_value("n", param("integer", minimum=1, maximum=MAX_N), n)
    if n > f.max_n:
        raise image_errors.n_must_be_one()
    assert isinstance(n, int)
    return n


def _parse_size(size: str) -> tuple[int, int] | None:
    width, sep, height = size.partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        return None
    return int(width), int(height)


def _custom_size(size: str, f: ImageFacts) -> tuple[int, int] | None:
    limits = f.custom_sizes
    parsed = _parse_size(size)
    if limits is None or parsed is None:
        return None
    w, h = parsed
    if w <= 0 or h <= 0 or w % limits.multiple or h % limits.multiple:
        reason = f"Width and height must both be divisible by {limits.multiple}."
    elif max(w, h) > limits.max_edge or w * h > limits.max_pixels:
        reason = f"The maximum supported resolution is 3840x2160 ({limits.max_pixels} pixels)."
    elif w * h < limits.min_pixels:
        reason = f"The image must have at least {limits.min_pixels} pixels."
    elif max(w, h) > limits.max_ratio * min(w, h):
        reason = f"The aspect ratio must be between 1:{limits.max_ratio} and {limits.max_ratio}:1."
    else:
        return w, h
    raise image_errors.invalid_custom_size(size, reason)


def _auto_size(first: Image.Image | None) -> tuple[int, int]:
    """``auto``: the standard size nearest the first input's shape (square for generations)."""
    if first is None:
        return 1024, 1024
    w, h = first.size
    if w > h * 1.2:
        return 1536, 1024
    if h > w * 1.2:
        return 1024, 1536
    return 1024, 1024


def _size(body: Mapping[str, Any], f: ImageFacts, first: Image.Image | None) -> tuple[int, int]:
    size = body.get("size") or f.default_size
    assert isinstance(size, str)
    if f.is_gpt_image:
        if size == "auto" and "auto" in f.sizes:
            return _auto_size(first)
        if size in f.sizes:
            parsed = _parse_size(size)
            assert parsed is not None
            return parsed
        custom = _custom_size(size, f)
        if custom is None:
            raise errors.invalid_enum("size", size, f.sizes)
        return custom
    if size not in image_errors.DALL_E_SIZES:
        raise image_errors.not_one_of("size", size, image_errors.DALL_E_SIZES)
    if size not in f.sizes:
        raise image_errors.size_not_supported()
    parsed = _parse_size(size)
    assert parsed is not None
    return parsed


def _choice(body: Mapping[str, Any], name: str, default: str, allowed: tuple[str, ...],
            dall_e: bool) -> str:  # fmt: skip
    value = body.get(name)
    if value is None:
        return default
    assert isinstance(value, str)
    if value not in allowed:
        if dall_e:
            raise image_errors.not_one_of(name, value, allowed)
        raise errors.invalid_enum(name, value, allowed)
    return value


# Quality "auto" as the response reports it.
AUTO_QUALITY = "high"
DALL_E_QUALITIES = ("standard", "hd")
DALL_E_STYLES = ("vivid", "natural")
RESPONSE_FORMATS = ("url", "b64_json")
BACKGROUNDS = ("transparent", "opaque", "auto")
MODERATIONS = ("low", "auto")
OUTPUT_FORMATS = ("png", "webp", "jpeg", "gif", "svg")
# The preview formats (GIF, SVG) need an access this mock's organization does not have.
PREVIEW_FORMATS = ("gif", "svg")


def options(
    catalogue: Catalogue,
    body: Mapping[str, Any],
    endpoint: str,
    first: Image.Image | None = None,
    retired_by: str | None = None,
) -> Options:
    """Check ``body`` (already of the right JSON types) for ``endpoint`` and resolve it."""
    check(body, SPEC)
    model = _model(catalogue, body, endpoint, retired_by)
    f = facts(model)
    _check_taken(body, endpoint, f.kind)
    prompt = "" if endpoint == VARIATIONS else _prompt(body, f)
    n = _n(body, f)
    width, height = _size(body, f, first)
    dall_e = not f.is_gpt_image
    if dall_e:
        if body.get("style") is not None and not f.styles:
            raise errors.unknown_parameter("style")  # a dall-e-3 parameter
        quality = _choice(body, "quality", f.default_quality, DALL_E_QUALITIES, True)
        styles = f.styles or DALL_E_STYLES
        style = _choice(body, "style", styles[0], styles, True) if f.styles else None
        response_format = _choice(body, "response_format", "url", RESPONSE_FORMATS, True)
        return Options(
            model, f, prompt, n, width, height, quality, style, response_format, "png", 100,
            "opaque", "auto", quality, False, 0, _identifier(body),
        )  # fmt: skip
    requested_quality = _choice(body, "quality", f.default_quality, f.qualities, False)
    quality = AUTO_QUALITY if requested_quality == "auto" else requested_quality
    requested_background = _choice(body, "background", "auto", BACKGROUNDS, False)
    _choice(body, "moderation", "auto", MODERATIONS, False)
    output_format = _choice(body, "output_format", "png", OUTPUT_FORMATS, False)
    if output_format in PREVIEW_FORMATS:
        raise image_errors.output_format_not_available(output_format)
    for name in ("frame_count", "frame_duration_ms", "svg"):
        if body.get(name) is not None:
            raise errors.invalid_value(
                name, f"'{name}' is only supported with output_format=gif or svg.", code=None
            )
    compression = body.get("output_compression")
    if compression is not None:
        spec = param("integer", minimum=0, maximum=MAX_COMPRESSION)
        check_value("output_compression", spec, compression)
        if output_format == "png" and compression != MAX_COMPRESSION:
            raise image_errors.compression_needs_lossy_format()
    if requested_background == "transparent" and output_format == "jpeg":
        raise image_errors.transparent_jpeg()
    partial = body.get("partial_images")
    if partial is not None:
        spec = param("integer", minimum=0, maximum=MAX_PARTIAL_IMAGES)
        check_value("partial_images", spec, partial)
    background = "transparent" if requested_background == "transparent" else "opaque"
    return Options(
        model, f, prompt, n, width, height, quality, None, "b64_json", output_format,
        MAX_COMPRESSION if compression is None else int(compression), background,
        requested_background, requested_quality, bool(body.get("stream")),
        int(partial or 0), _identifier(body),
    )  # fmt: skip


def _identifier(body: Mapping[str, Any]) -> str | None:
    value = body.get("safety_identifier") or body.get("user")
    return str(value) if value else None


async def generation(request: Request, catalogue: Catalogue, retired_by: str | None) -> Options:
    return options(catalogue, await json_body(request), GENERATIONS, None, retired_by)


# --- forms ---------------------------------------------------------------------------------


def _form_value(name: str, text: str) -> Any:
    """A form field as the JSON value it stands for (the API reads ``n=2`` as 2)."""
    if name in INTEGER_FIELDS:
        try:
            return int(text)
        except ValueError:
            return text  # then the integer check names its type
    if name == "stream":
        return {"true": True, "false": False}.get(text.lower(), text)
    return text


def form_fields(form: Form) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in form.names():
        if name in FORM_FILES:
            continue
        value = form.text(name)
        if value is None:  # a file part under another name
            if name not in SPEC:
                raise errors.unrecognized_argument(name)
            raise errors.invalid_type(name, "a string", {})
        body[name] = _form_value(name, value)
    return body


def _decode(data: bytes) -> tuple[Image.Image, str] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_DECODED_PIXELS:
                return None
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):  # fmt: skip
        return None
    fmt = DECODABLE.get(image.format or "")
    if fmt is None:
        return None
    if image.mode == "P":  # a palette's transparency is alpha to the checks that follow
        return image.convert("RGBA" if "transparency" in image.info else "RGB"), fmt
    return image, fmt


def dall_e_picture(upload: Upload, *, mask: bool = False) -> Picture:
    """A DALL·E upload: a PNG of less than 4 MB."""
    refuse = image_errors.mask_not_png_or_too_large if mask else image_errors.not_png_or_too_large
    if len(upload.data) >= DALL_E_UPLOAD_BYTES:
        raise refuse()
    decoded = _decode(upload.data)
    if decoded is None or decoded[1] != "png":
        raise refuse()
    return Picture(decoded[0], upload.data, decoded[1])


def gpt_picture(upload: Upload, number: int, param_name: str = "image") -> Picture:
    content_type = upload.content_type.split(";")[0].strip().lower()
    if content_type not in GPT_IMAGE_TYPES:
        raise image_errors.unsupported_mimetype(param_name, content_type)
    if len(upload.data) >= GPT_IMAGE_UPLOAD_BYTES:
        raise image_errors.image_too_large(number, GPT_IMAGE_UPLOAD_BYTES // MB)
    decoded = _decode(upload.data)
    if decoded is None:
        raise image_errors.unreadable_image(number)
    return Picture(decoded[0], upload.data, decoded[1])


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "L")


def _check_mask(mask: Picture, first: Picture) -> None:
    if mask.image.size != first.image.size:
        raise image_errors.mask_size_mismatch()
    if not _has_alpha(mask.image):
        raise image_errors.no_alpha(mask.image.mode)


async def _upload_form(request: Request) -> tuple[Form, dict[str, Any], list[Upload]]:
    """The form, its text fields as JSON values (type-checked) and its images (at least one:
    sent as ``image``, or ``image[]`` for several)."""
    form = await form_body(request)
    body = form_fields(form)
    check(body, SPEC)
    uploads = form.uploads("image") + form.uploads("image[]")
    if not uploads:
        raise errors.missing_parameter("image")
    return form, body, uploads


async def edit(request: Request, catalogue: Catalogue, retired_by: str | None) -> EditRequest:
    form, body, uploads = await _upload_form(request)
    model = _model(catalogue, body, EDITS, retired_by)
    mask_upload = form.file("mask")
    if facts(model).is_gpt_image:
        if len(uploads) > MAX_GPT_IMAGES:
            raise errors.array_too_long("image", MAX_GPT_IMAGES, len(uploads))
        pictures = [gpt_picture(u, i) for i, u in enumerate(uploads, start=1)]
        mask = None if mask_upload is None else dall_e_picture(mask_upload, mask=True)
    else:
        if len(uploads) > 1:
            raise errors.array_too_long("image", 1, len(uploads))
        pictures = [dall_e_picture(uploads[0])]
        if pictures[0].image.width != pictures[0].image.height:
            raise image_errors.not_square()
        mask = None if mask_upload is None else dall_e_picture(mask_upload, mask=True)
        if mask is None and not _has_alpha(pictures[0].image):
            raise image_errors.no_alpha(pictures[0].image.mode)
    if mask is not None:
        _check_mask(mask, pictures[0])
    opts = options(catalogue, body, EDITS, pictures[0].image, retired_by)
    return EditRequest(opts, pictures, mask)


async def variation(
    request: Request, catalogue: Catalogue, retired_by: str | None
) -> VariationRequest:
    _, body, uploads = await _upload_form(request)
    _model(catalogue, body, VARIATIONS, retired_by)
    picture = dall_e_picture(uploads[0])
    if picture.image.width != picture.image.height:
        raise image_errors.not_square()
    if picture.image.mode not in ("RGB", "RGBA"):
        raise image_errors.wrong_variation_mode(picture.image.mode)
    opts = options(catalogue, body, VARIATIONS, picture.image, retired_by)
    return VariationRequest(opts, picture)


# --- edits by reference (JSON) -------------------------------------------------------------


def _reference(where: str, ref: object) -> tuple[str, str]:
    """``(kind, value)`` of an image reference: exactly one of ``file_id`` and ``image_url``."""
    if not isinstance(ref, dict):
        raise errors.invalid_type(where, "an object", ref)
    for key in ref:
        if key not in ("file_id", "image_url"):
            raise errors.unrecognized_argument(f"{where}.{key}")
    given = [(k, v) for k, v in ref.items() if v is not None]
    if len(given) != 1:
        raise errors.invalid_value(
            where, f"Invalid '{where}': provide exactly one of 'file_id' or 'image_url'."
        )
    kind, value = given[0]
    if not isinstance(value, str):
        raise errors.invalid_type(f"{where}.{kind}", "a string", value)
    return kind, value


def referenced_picture(where: str, ref: object, number: int, files: Files, seed: int) -> Picture:
    """The picture a reference names: a stored file's bytes, a data URL's, or (an http URL,
    which the offline mock does not fetch) a stand-in drawn from the URL."""
    kind, value = _reference(where, ref)
    if kind == "file_id":
        data = files.content(value)
        if data is None:
            raise file_errors.file_not_found(value)
    else:
        check_image_url(f"{where}.image_url", value)
        if not value.startswith("data:"):
            image = render(value, REMOTE_SIZE, REMOTE_SIZE, seed, "image_url")
            return Picture(image, value.encode(), "png")
        data = base64.b64decode(value.split(",", 1)[1])
    decoded = _decode(data)
    if decoded is None:
        raise image_errors.unreadable_image(number)
    return Picture(decoded[0], data, decoded[1])


async def edit_json(
    request: Request, catalogue: Catalogue, files: Files, seed: int, retired_by: str | None
) -> EditRequest:
    body = dict(await json_body(request))
    check(body, JSON_EDIT_SPEC)
    refs, mask_ref = body.pop("images"), body.pop("mask", None)
    model = _model(catalogue, body, EDITS, retired_by)
    if not facts(model).is_gpt_image:
        raise errors.unknown_parameter("images")  # DALL·E edits are uploads
    pictures = [
        referenced_picture(f"images[{i}]", ref, i + 1, files, seed) for i, ref in enumerate(refs)
    ]
    mask = None
    if mask_ref is not None:
        mask = referenced_picture("mask", mask_ref, 1, files, seed)
        _check_mask(mask, pictures[0])
    opts = options(catalogue, body, EDITS, pictures[0].image, retired_by)
    return EditRequest(opts, pictures, mask)

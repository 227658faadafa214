"""The Images API's errors, in the real API's words.

Sourced (issue threads and client code quoting the API): "You must provide n=1 for this model.";
the DALL·E schema validator's "'X' is not one of [...] - 'size'"; "The size is not supported by
this model." (code invalid_size); "Unknown parameter: 'response_format'." on GPT image models;
"Uploaded image must be a PNG and less than 4 MB."; "Invalid input image - format must be in
['RGBA', 'LA', 'L'], got RGB."; "Invalid image file or mode for image 1, please check your image
file."; the unsupported-mimetype message. Inferred (same style, wording not found): the square,
mask-size, mask-format, custom-size, transparent-JPEG and compression messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...http.errors import APIError, invalid_value

# Every size the DALL·E validator knows; a size outside it is refused by the schema.
DALL_E_SIZES = ("256x256", "512x512", "1024x1024", "1024x1792", "1792x1024")


def _listed(values: Sequence[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def not_one_of(param: str, value: object, allowed: Sequence[str]) -> APIError:
    """The DALL·E endpoints' schema validator: a Python list repr and the field's name."""
    return APIError(400, f"'{value}' is not one of {_listed(allowed)} - '{param}'")


def n_must_be_one() -> APIError:
    return APIError(400, "You must provide n=1 for this model.")


def size_not_supported() -> APIError:
    return APIError(400, "The size is not supported by this model.", code="invalid_size")


def invalid_custom_size(size: str, reason: str) -> APIError:
    return invalid_value("size", f"Invalid size '{size}'. {reason}", code="invalid_value")


def prompt_too_long(limit: int, length: int) -> APIError:
    return invalid_value(
        "prompt",
        f"Invalid 'prompt': string too long. Expected a string with maximum length {limit}, "
        f"but got a string with length {length} instead.",
        code="string_above_max_length",
    )


def transparent_jpeg() -> APIError:
    return invalid_value(
        "background",
        "Transparent background is not supported for the jpeg output format. Use png or webp.",
        code="invalid_value",
    )


def compression_needs_lossy_format() -> APIError:
    return invalid_value(
        "output_compression",
        "output_compression is only supported for the jpeg and webp output formats.",
        code="invalid_value",
    )


def output_format_not_available(value: str) -> APIError:
    return invalid_value(
        "output_format",
        f"The '{value}' output format requires preview access, which this organization does "
        "not have.",
        code="invalid_value",
    )


# --- uploads ---------------------------------------------------------------------------------


def not_png_or_too_large() -> APIError:
    return APIError(400, "Uploaded image must be a PNG and less than 4 MB.")


def mask_not_png_or_too_large() -> APIError:
    return APIError(400, "Uploaded mask must be a PNG and less than 4 MB.", param="mask")


def not_square() -> APIError:
    return APIError(400, "Uploaded image must be square.", param="image")


def no_alpha(mode: str) -> APIError:
    return APIError(
        400, f"Invalid input image - format must be in ['RGBA', 'LA', 'L'], got {mode}."
    )


def mask_size_mismatch() -> APIError:
    return APIError(400, "Mask and image must be the same size.", param="mask")


def unsupported_mimetype(param: str, mimetype: str) -> APIError:
    return APIError(
        400,
        f"Invalid file '{param}': unsupported mimetype ('{mimetype}'). Supported file formats "
        "are 'image/jpeg', 'image/png', and 'image/webp'.",
        param=param,
        code="unsupported_file_mimetype",
    )


def unreadable_image(number: int) -> APIError:
    return APIError(
        400,
        f"Invalid image file or mode for image {number}, please check your image file.",
        param="image",
        code="invalid_image_file",
    )


def image_too_large(number: int, limit_mb: int) -> APIError:
    return APIError(
        400,
        f"Invalid image file for image {number}: the file is larger than {limit_mb} MB.",
        param="image",
        code="image_too_large",
    )


def wrong_variation_mode(mode: str) -> APIError:
    return APIError(400, f"Invalid input image - format must be in ['RGB', 'RGBA'], got {mode}.")

"""The vector store APIs' errors, in the real API's words."""

from __future__ import annotations

from ...http.errors import APIError


def vector_store_not_found(vector_store_id: str) -> APIError:
    return APIError(404, f"No vector store found with id '{vector_store_id}'.")


def file_not_found(file_id: str) -> APIError:
    return APIError(404, f"No file found with id '{file_id}'.")


def file_not_in_store(file_id: str, vector_store_id: str) -> APIError:
    return APIError(404, f"No file found with id '{file_id}' in vector store '{vector_store_id}'.")


def batch_not_found(batch_id: str) -> APIError:
    return APIError(404, f"No vector store file batch found with id '{batch_id}'.")


def expired(vector_store_id: str) -> APIError:
    return APIError(400, f"Vector store '{vector_store_id}' has expired.")


def overlap_too_large(where: str, overlap: int, maximum: int) -> APIError:
    """``where``: the strategy's path (``chunking_strategy``, ``files[0].chunking_strategy``)."""
    param = f"{where}.static.chunk_overlap_tokens"
    return APIError(
        400,
        f"Invalid '{param}': chunk_overlap_tokens must not exceed half of "
        f"max_chunk_size_tokens ({maximum // 2}), but got {overlap}.",
        param=param,
        code="invalid_value",
    )


def files_and_file_ids() -> APIError:
    return APIError(
        400,
        "Only one of 'file_ids' and 'files' can be provided.",
        param="files",
        code="invalid_value",
    )


def no_files() -> APIError:
    return APIError(
        400,
        "One of 'file_ids' or 'files' must be provided.",
        param="file_ids",
        code="missing_required_parameter",
    )

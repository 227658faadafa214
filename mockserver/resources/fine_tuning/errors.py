"""The fine-tuning API's errors, in the real API's words where they are known (the model
refusal and the unknown file are quoted from real answers); the others follow the same plain
style."""

from __future__ import annotations

from ...http.errors import APIError


def model_not_available(model: str) -> APIError:
    return APIError(
        400,
        f"Model {model} is not available for fine-tuning or does not exist.",
        param="model",
        code="model_not_available",
    )


def method_not_available(method: str, model: str) -> APIError:
    return APIError(
        400,
        f"Fine-tuning method '{method}' is not available for model {model}.",
        param="method",
        code="model_not_available",
    )


def invalid_file(param: str, file_id: str) -> APIError:
    # Quoted from real answers: checked before the model, code null.
    return APIError(400, f"invalid {param}: {file_id}", param=param)


def file_not_ready(param: str, file_id: str) -> APIError:
    return APIError(
        400,
        f"File {file_id} is not ready for fine-tuning: its purpose must be 'fine-tune'.",
        param=param,
        code=f"invalid_{param}",
    )


def invalid_line(param: str, line: int, problem: str) -> APIError:
    """A line of a training or validation file not in the method's format: the first one."""
    return APIError(
        400, f"Invalid file format. Line {line}, {problem}", param=param, code=f"invalid_{param}"
    )


def job_not_found(job_id: str) -> APIError:
    return APIError(
        404,
        f"Could not find fine tune job: {job_id}",
        param="fine_tuning_job_id",
        code="fine_tune_job_not_found",
    )


def cannot(action: str, job_id: str, status: str) -> APIError:
    return APIError(
        400,
        f"Cannot {action} fine-tuning job {job_id} with status '{status}'.",
        param="fine_tuning_job_id",
        code="invalid_job_status",
    )


def checkpoint_not_found(checkpoint: str) -> APIError:
    return APIError(
        404,
        f"Fine-tuned model checkpoint {checkpoint} not found.",
        param="fine_tuned_model_checkpoint",
        code="checkpoint_not_found",
    )


def permission_not_found(permission_id: str) -> APIError:
    return APIError(404, f"No such checkpoint permission: {permission_id}", param="permission_id")

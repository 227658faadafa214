"""The URLs of fine-tuning (``client.fine_tuning``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

JOB = "/fine_tuning/jobs/{fine_tuning_job_id}"
# Checkpoint names hold colons (ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10).
PERMISSIONS = "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint:path}/permissions"

ROUTES = [
    api("/fine_tuning/jobs", POST=h.create_job, GET=h.list_jobs),
    api(JOB, GET=h.retrieve_job),
    api(f"{JOB}/cancel", POST=h.cancel_job),
    api(f"{JOB}/pause", POST=h.pause_job),
    api(f"{JOB}/resume", POST=h.resume_job),
    api(f"{JOB}/events", GET=h.list_events),
    api(f"{JOB}/checkpoints", GET=h.list_checkpoints),
    api(PERMISSIONS, POST=h.create_permissions, GET=h.list_permissions),
    api(PERMISSIONS + "/{permission_id}", DELETE=h.delete_permission),
]

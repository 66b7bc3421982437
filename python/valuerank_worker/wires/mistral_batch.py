"""Mistral batch inference: a JSONL file of chat-completion requests uploaded to /files (purpose batch, as OpenAI), a
job created on it at /batch/jobs with the model, the endpoint and metadata, output and error files downloaded when it
ends. Its list is paged by number (0, 1, …), not by cursor."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..requests import ProbeRequest, Provider
from . import openai, openai_batch
from .common import HttpCall, str_or_none
from .batch_common import num

ENDPOINT = "/v1/chat/completions"
TIMEOUT_HOURS = 24
ENDED = {"SUCCESS", "TIMEOUT_EXCEEDED", "CANCELLED"}

# The file steps are OpenAI's: same multipart upload, same file list, same content and delete routes.
upload_call = openai_batch.upload_call
files_call = openai_batch.files_call
find_file = openai_batch.find_file
delete_calls = openai_batch.delete_calls
# Output and error lines are OpenAI-shaped too: custom_id, response {status_code, body}, error.
parse_result = openai_batch.parse_result


def input_line(custom_id: str, req: ProbeRequest) -> Dict[str, Any]:
    # The body keeps its model: the job's model is read back from it at create time (one model per chunk).
    return {"custom_id": custom_id, "body": openai.chat_request(req).body}


def model_of(first_line: Any) -> str:
    body = first_line.get("body") if isinstance(first_line, dict) else None
    model = body.get("model") if isinstance(body, dict) else None
    return model if isinstance(model, str) else ""


def create_call(provider: Provider, input_file_id: str, model: str, metadata: Dict[str, str]) -> HttpCall:
    body = {"input_files": [input_file_id], "model": model, "endpoint": ENDPOINT, "metadata": metadata,
            "timeout_hours": TIMEOUT_HOURS}
    return HttpCall(f"{provider.base_url}/batch/jobs", openai.auth_headers(provider), body)


def list_call(provider: Provider, after: Optional[str], limit: int) -> HttpCall:
    number = int(after) if after and after.isdigit() else 0
    return HttpCall(f"{provider.base_url}/batch/jobs?page={number}&page_size={limit}",
                    openai.auth_headers(provider))


def get_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/batch/jobs/{batch_id}", openai.auth_headers(provider))


def cancel_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/batch/jobs/{batch_id}/cancel", openai.auth_headers(provider), {})


def page(data: Any, after: Optional[str] = None) -> Tuple[List[Any], Optional[str]]:
    """This page's jobs and the next page's number, None on the last (`total` counts every job)."""
    items = data.get("data") if isinstance(data, dict) else None
    items = items if isinstance(items, list) else []
    number = int(after) if after and after.isdigit() else 0
    size = max(1, len(items))
    total = num(data.get("total")) if isinstance(data, dict) else 0
    more = bool(items) and (number + 1) * size < total
    return items, (str(number + 1) if more else None)


def view(data: Any, provider: Provider) -> Dict[str, Any]:
    """The job as the app tracks it. FAILED with result files still has answers to collect (they were paid for)."""
    status = str(data.get("status") or "")
    output, error = str_or_none(data.get("output_file")), str_or_none(data.get("error_file"))
    files = [{"kind": kind, "id": fid, "url": f"{provider.base_url}/files/{fid}/content"}
             for kind, fid in (("output", output), ("error", error)) if fid]
    ended = status in ENDED or (status == "FAILED" and bool(files))
    total, ok, failed = num(data.get("total_requests")), num(data.get("succeeded_requests")), num(
        data.get("failed_requests"))
    created = num(data.get("created_at"))
    metadata = data.get("metadata")
    inputs = data.get("input_files")
    return {
        "id": str(data.get("id")),
        "state": "ended" if ended else "failed" if status == "FAILED" else "in_progress",
        "providerStatus": status,
        "counts": {"total": total, "succeeded": ok, "errored": failed, "expired": 0, "cancelled": 0,
                   "processing": 0 if ended else max(0, total - ok - failed)},
        "createdAt": created,
        "expiresAt": created + TIMEOUT_HOURS * 3600 if created else None,
        "endedAt": num(data.get("completed_at")) or None,
        "metadata": {str(k): str(v) for k, v in metadata.items()} if isinstance(metadata, dict) else {},
        "inputFileId": str_or_none(inputs[0]) if isinstance(inputs, list) and inputs else None,
        "files": files,
    }

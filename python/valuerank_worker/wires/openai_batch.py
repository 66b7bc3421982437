"""The OpenAI Batch API (also any OpenAI-compatible server with /v1/batches): a JSONL file of chat-completion
requests uploaded to /files, a batch created on it with metadata, output and error files downloaded when it ends."""
from __future__ import annotations

import uuid
from typing import Any, Dict, List, Optional, Tuple

from ..requests import ProbeRequest, Provider
from . import openai
from .common import HttpCall, str_or_none
from .batch_common import Record, num, record_error, record_ok

ENDPOINT = "/v1/chat/completions"
ENDED = {"completed", "expired", "cancelled"}


def input_line(custom_id: str, req: ProbeRequest) -> Dict[str, Any]:
    return {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": openai.chat_request(req).body}


def upload_call(provider: Provider, filename: str, content: bytes) -> Tuple[str, Dict[str, str], bytes, str]:
    """URL, headers, multipart body and its content type for uploading a batch input file."""
    boundary = f"vr{uuid.uuid4().hex}"
    safe_name = "".join(c for c in filename if c.isalnum() or c in "._-") or "batch.jsonl"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{safe_name}\"\r\n"
            "Content-Type: application/jsonl\r\n\r\n").encode("utf-8") + content + f"\r\n--{boundary}--\r\n".encode()
    return (f"{provider.base_url}/files", openai.auth_headers(provider), body,
            f"multipart/form-data; boundary={boundary}")


def files_call(provider: Provider) -> HttpCall:
    return HttpCall(f"{provider.base_url}/files?purpose=batch", openai.auth_headers(provider))


def find_file(data: Any, filename: str) -> Optional[str]:
    items = data.get("data") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("filename") == filename and str_or_none(item.get("id")):
            return str(item["id"])
    return None


def create_call(provider: Provider, input_file_id: str, metadata: Dict[str, str]) -> HttpCall:
    body = {"input_file_id": input_file_id, "endpoint": ENDPOINT, "completion_window": "24h", "metadata": metadata}
    return HttpCall(f"{provider.base_url}/batches", openai.auth_headers(provider), body)


def list_call(provider: Provider, after: Optional[str], limit: int) -> HttpCall:
    query = f"?limit={limit}" + (f"&after={after}" if after else "")
    return HttpCall(f"{provider.base_url}/batches{query}", openai.auth_headers(provider))


def get_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/batches/{batch_id}", openai.auth_headers(provider))


def cancel_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/batches/{batch_id}/cancel", openai.auth_headers(provider), {})


def delete_calls(provider: Provider, view: Dict[str, Any]) -> List[str]:
    """The provider-side files of an ended batch: its input, output and error files."""
    ids = [view.get("inputFileId")] + [f.get("id") for f in view.get("files", [])]
    return [f"{provider.base_url}/files/{i}" for i in ids if isinstance(i, str) and i]


def page(data: Any) -> Tuple[List[Any], Optional[str]]:
    items = data.get("data") if isinstance(data, dict) else None
    items = items if isinstance(items, list) else []
    more = isinstance(data, dict) and data.get("has_more") is True
    return items, (str_or_none(data.get("last_id")) if more else None)


def view(data: Any, provider: Provider) -> Dict[str, Any]:
    """The batch as the app tracks it, whatever the provider calls its fields."""
    status = str(data.get("status") or "")
    counts = data.get("request_counts") if isinstance(data.get("request_counts"), dict) else {}
    total, done, failed = num(counts.get("total")), num(counts.get("completed")), num(counts.get("failed"))
    files = [{"kind": kind, "id": data[key], "url": f"{provider.base_url}/files/{data[key]}/content"}
             for kind, key in (("output", "output_file_id"), ("error", "error_file_id")) if str_or_none(data.get(key))]
    metadata = data.get("metadata")
    return {
        "id": str(data.get("id")),
        "state": "ended" if status in ENDED else "failed" if status == "failed" else "in_progress",
        "providerStatus": status,
        "counts": {"total": total, "succeeded": done, "errored": failed, "expired": 0, "cancelled": 0,
                   "processing": 0 if status in ENDED else max(0, total - done - failed)},
        "createdAt": num(data.get("created_at")),
        "expiresAt": num(data.get("expires_at")) or None,
        "endedAt": num(data.get("completed_at") or data.get("expired_at") or data.get("cancelled_at")) or None,
        "metadata": {str(k): str(v) for k, v in metadata.items()} if isinstance(metadata, dict) else {},
        "inputFileId": str_or_none(data.get("input_file_id")),
        "files": files,
        "errorCodes": error_codes(data.get("errors")),
    }


def error_codes(errors: Any) -> List[str]:
    """The codes of a batch failed as a whole ({"data": [{"code": ...}]}): token_limit_exceeded is the model's
    enqueued-token queue, not the batch's fault."""
    data = errors.get("data") if isinstance(errors, dict) else None
    if not isinstance(data, list):
        return []
    return [str(e["code"]) for e in data if isinstance(e, dict) and isinstance(e.get("code"), str)]


def parse_result(obj: Any, provider: Provider) -> Record:
    """One line of an output or error file."""
    custom_id = str(obj.get("custom_id"))
    error = obj.get("error")
    if isinstance(error, dict) and error:
        code = str(error.get("code") or "")
        outcome = "expired" if code == "batch_expired" else "cancelled" if code == "batch_cancelled" else "errored"
        return record_error(custom_id, outcome, "PROVIDER_ERROR", str(error.get("message") or code), None)
    response = obj.get("response") if isinstance(obj.get("response"), dict) else {}
    status = response.get("status_code")
    body = response.get("body")
    if status != 200 or not isinstance(body, dict):
        message = body.get("error", {}).get("message") if isinstance(body, dict) and isinstance(
            body.get("error"), dict) else None
        return record_error(custom_id, "errored", "BAD_REQUEST_TO_PROVIDER" if status in (400, 422) else
                            "PROVIDER_ERROR", str(message or f"HTTP {status}"), status if isinstance(status, int)
                            else None)
    return record_ok(custom_id, lambda: openai.parse_chat(body, provider, 200))

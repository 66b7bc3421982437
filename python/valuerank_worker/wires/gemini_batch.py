"""Gemini batch mode: the chunk's file holds one `{"key", "request"}` line per request. A small chunk travels inlined
in `models/{model}:batchGenerateContent` (each request with its key in `metadata`); a larger one (the app decides, by
its bytes: inlined requests are limited to 20 MB) is uploaded first through the Files API's resumable upload, found
again by its display name, and the batch reads it by `input_config.file_name`. The batch is a long-running operation
polled at `batches/{id}`; its results come back inlined in the finished operation or as a responses file. There is no
free metadata: the batch's display name carries the chunk and its hash ("vr:<chunk>:<sha256>"), so a batch created
before a crash is found again."""
from __future__ import annotations

import datetime as _dt
import re
import urllib.parse
from typing import Any, Dict, List, Optional, Tuple

from ..requests import ProbeRequest, Provider
from . import gemini
from .common import HttpCall, str_or_none
from .batch_common import Record, num, record_error, record_ok

ENDED = {"SUCCEEDED", "CANCELLED", "EXPIRED"}
EXPIRES_AFTER_S = 48 * 3600


def input_line(custom_id: str, req: ProbeRequest) -> Dict[str, Any]:
    """One line of the chunk's file, as the Files API input takes it."""
    body: Dict[str, Any] = {"model": f"models/{req.model}"}
    body.update(gemini.chat_request(req).body or {})
    return {"key": custom_id, "request": body}


def inlined(line: Dict[str, Any]) -> Dict[str, Any]:
    """A file line as an inlined request (its key in metadata); a line already in that shape is kept."""
    if "key" not in line:
        return line
    return {"request": line.get("request"), "metadata": {"key": line.get("key")}}


def model_of(line: Any) -> str:
    request = line.get("request") if isinstance(line, dict) else None
    return str(request.get("model") or "") if isinstance(request, dict) else ""


def upload_start_call(provider: Provider, filename: str, size: int) -> HttpCall:
    """The resumable upload's first step: the file's size, type and display name; the answer's
    X-Goog-Upload-URL header is where its bytes go."""
    headers = {**gemini.auth_headers(provider), "X-Goog-Upload-Protocol": "resumable",
               "X-Goog-Upload-Command": "start", "X-Goog-Upload-Header-Content-Length": str(size),
               "X-Goog-Upload-Header-Content-Type": "application/jsonl"}
    return HttpCall(f"{provider.base_url}/upload/v1beta/files", headers, {"file": {"display_name": filename}})


def upload_bytes_headers(provider: Provider) -> Dict[str, str]:
    return {**gemini.auth_headers(provider), "X-Goog-Upload-Command": "upload, finalize", "X-Goog-Upload-Offset": "0"}


def uploaded_id(data: Any) -> Optional[str]:
    file = data.get("file") if isinstance(data, dict) else None
    return str_or_none(file.get("name")) if isinstance(file, dict) else None


def files_call(provider: Provider, page_token: Optional[str] = None) -> HttpCall:
    query = {"pageSize": "100", **({"pageToken": page_token} if page_token else {})}
    return HttpCall(f"{provider.base_url}/v1beta/files?{urllib.parse.urlencode(query)}",
                    gemini.auth_headers(provider))


def find_file(data: Any, filename: str) -> Optional[str]:
    items = data.get("files") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("displayName") == filename and str_or_none(item.get("name")):
            return str(item["name"])
    return None


def next_files_page(data: Any) -> Optional[str]:
    return str_or_none(data.get("nextPageToken")) if isinstance(data, dict) else None


def display_name(metadata: Dict[str, Any]) -> str:
    return f"vr:{metadata.get('vr_chunk', '')}:{metadata.get('vr_hash', '')}"


def create_call(provider: Provider, lines: List[Any], name: str, file_name: Optional[str] = None) -> HttpCall:
    """The batch on the uploaded file (`file_name`), or with the lines inlined; the model from the first line."""
    quoted = urllib.parse.quote(model_of(lines[0]) if lines else "", safe="-._~/")
    source: Dict[str, Any] = {"file_name": file_name} if file_name else {
        "requests": {"requests": [inlined(x) for x in lines]}}
    body = {"batch": {"display_name": name, "input_config": source}}
    return HttpCall(f"{provider.base_url}/v1beta/{quoted}:batchGenerateContent", gemini.auth_headers(provider), body)


def list_call(provider: Provider, after: Optional[str], limit: int) -> HttpCall:
    query = {"pageSize": str(limit), **({"pageToken": after} if after else {})}
    return HttpCall(f"{provider.base_url}/v1beta/batches?{urllib.parse.urlencode(query)}",
                    gemini.auth_headers(provider))


def get_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/v1beta/{batch_id}", gemini.auth_headers(provider))


def cancel_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/v1beta/{batch_id}:cancel", gemini.auth_headers(provider), {})


def delete_calls(provider: Provider, view: Dict[str, Any]) -> List[str]:
    """The batch itself, its responses file and its uploaded input file, if it has them."""
    files = [f.get("id") for f in view.get("files", []) if isinstance(f, dict)] + [view.get("inputFileId")]
    urls = [f"{provider.base_url}/v1beta/{view['id']}"]
    return urls + [f"{provider.base_url}/v1beta/{i}" for i in files if isinstance(i, str) and i]


def page(data: Any) -> Tuple[List[Any], Optional[str]]:
    items = data.get("operations") if isinstance(data, dict) else None
    return (items if isinstance(items, list) else []), (str_or_none(data.get("nextPageToken"))
                                                        if isinstance(data, dict) else None)


def _epoch(value: Any) -> int:
    """Seconds of an RFC 3339 time (its fraction, up to nanoseconds, dropped); 0 when there is none."""
    if not isinstance(value, str) or not value:
        return 0
    text = re.sub(r"\.\d+", "", value.replace("Z", "+00:00"))
    try:
        return int(_dt.datetime.fromisoformat(text).timestamp())
    except ValueError:
        return 0


def _count(stats: Dict[str, Any], key: str) -> int:
    value = stats.get(key)
    return int(value) if isinstance(value, str) and value.isdigit() else num(value)


def _output(data: Dict[str, Any], batch: Dict[str, Any]) -> Dict[str, Any]:
    for candidate in (data.get("response"), batch.get("output")):
        if isinstance(candidate, dict):
            return candidate
    return {}


def view(data: Any, provider: Provider) -> Dict[str, Any]:
    """The batch as the app tracks it, from the operation (create, get, list) or a bare batch."""
    batch = data.get("metadata") if isinstance(data.get("metadata"), dict) else data
    name = str(data.get("name") or batch.get("name"))
    state = str(batch.get("state") or "").split("_STATE_")[-1]
    stats = batch.get("batchStats") if isinstance(batch.get("batchStats"), dict) else {}
    total, ok, failed = (_count(stats, k) for k in ("requestCount", "successfulRequestCount", "failedRequestCount"))
    output = _output(data, batch)
    ended = state in ENDED or (state == "FAILED" and bool(output))
    files: List[Dict[str, Any]] = []
    if ended and str_or_none(output.get("responsesFile")):
        fid = str(output["responsesFile"])
        url = f"{provider.base_url}/download/v1beta/{fid}:download?alt=media"
        files.append({"kind": "output", "id": fid, "url": url})
    elif ended and output:
        # The answers are in the operation itself: downloading it writes them out as lines.
        files.append({"kind": "output", "id": None, "url": f"{provider.base_url}/v1beta/{name}"})
    display = str(batch.get("displayName") or "").split(":")
    ours = len(display) == 3 and display[0] == "vr" and bool(display[1])
    created = _epoch(batch.get("createTime"))
    source = batch.get("inputConfig") if isinstance(batch.get("inputConfig"), dict) else {}
    return {
        "id": name,
        "state": "ended" if ended else "failed" if state == "FAILED" else "in_progress",
        "providerStatus": state or "PENDING",
        "counts": {"total": total, "succeeded": ok, "errored": failed, "expired": 0, "cancelled": 0,
                   "processing": 0 if ended else max(0, total - ok - failed)},
        "createdAt": created,
        "expiresAt": created + EXPIRES_AFTER_S if created else None,
        "endedAt": _epoch(batch.get("endTime")) or None,
        "metadata": {"vr_chunk": display[1], "vr_hash": display[2]} if ours else {},
        "inputFileId": str_or_none(source.get("fileName")),
        "files": files,
    }


def inlined_lines(data: Any) -> List[Dict[str, Any]]:
    """The answers inlined in a finished operation, each as a results-file line ({key, response} or {key, error})."""
    operation: Dict[str, Any] = data if isinstance(data, dict) else {}
    batch = operation.get("metadata")
    holder = _output(operation, batch if isinstance(batch, dict) else {}).get("inlinedResponses")
    items = holder.get("inlinedResponses") if isinstance(holder, dict) else holder
    lines = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        meta = item.get("metadata")
        line = {"key": meta.get("key") if isinstance(meta, dict) else None}
        line.update({k: item[k] for k in ("response", "error") if k in item})
        lines.append(line)
    return lines


def result_id(obj: Dict[str, Any]) -> Any:
    return obj.get("key")


def parse_result(obj: Any, provider: Provider) -> Record:
    """One results line: {key, response} or {key, error}."""
    custom_id = str(obj.get("key"))
    error = obj.get("error")
    if isinstance(error, dict):
        status = error.get("code") if isinstance(error.get("code"), int) else None
        return record_error(custom_id, "errored", "BAD_REQUEST_TO_PROVIDER" if status in (400, 422) else
                            "PROVIDER_ERROR", str(error.get("message") or error.get("status") or "error"), status)
    response = obj.get("response")
    if not isinstance(response, dict):
        return record_error(custom_id, "errored", "MALFORMED_RESPONSE", "A result line with no response", None)
    return record_ok(custom_id, lambda: gemini.parse_chat(response, provider, 200))

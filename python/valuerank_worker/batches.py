"""Provider batch mode: build the exact request file, upload it, create, find again, poll, cancel, download and read
the results, and delete what the provider keeps. Which wire a provider speaks picks the module; the app keeps the
state (an outbox row before every network call) and calls these one step at a time."""
from __future__ import annotations

import hashlib
import json
import os
from types import ModuleType
from typing import Any, Dict, Optional

from . import http_client, http_download, result_pages
from .decision import PreparedScale
from .errors import WorkerError, bad_request, http_error
from .requests import Provider, ProbeRequest, _provider
from .vocabulary import ErrorCode, Wire
from .wires import anthropic_batch, gemini_batch, mistral_batch, openai_batch

DEFAULT_TIMEOUT_MS = 60_000
MAX_JSON_ANSWER = 16 * 1024 * 1024
MAX_READ_LINES = 20_000
# Gemini lists files 100 a page, in no promised order: an upload whose answer was lost is looked for this far.
FIND_FILE_PAGES = 20


def wire_for(provider: Provider) -> ModuleType:
    if provider.id == "mistral":
        return mistral_batch
    if provider.wire == Wire.OPENAI:
        return openai_batch
    if provider.wire == Wire.ANTHROPIC:
        return anthropic_batch
    if provider.wire == Wire.GEMINI:
        return gemini_batch
    raise WorkerError(ErrorCode.BAD_REQUEST, f"{provider.name} has no batch mode here")


def _deadline(params: Dict[str, Any]) -> http_client.Deadline:
    ms = params.get("timeoutMs", DEFAULT_TIMEOUT_MS)
    if isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms <= 0:
        raise bad_request("params.timeoutMs must be a positive number")
    return http_client.Deadline(float(ms) / 1000.0)


def _string(params: Dict[str, Any], name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value:
        raise bad_request(f"params.{name} must be a non-empty string")
    return value


def _setup(params: Any) -> tuple:
    if not isinstance(params, dict):
        raise bad_request("params must be an object")
    provider = _provider(params)
    return params, provider, wire_for(provider), _deadline(params)


async def _call(method: str, provider: Provider, url: str, headers: Dict[str, str], deadline: http_client.Deadline,
                body: Optional[bytes] = None, content_type: str = "application/json") -> Any:
    try:
        resp = await http_client.request(method, url, body, headers, deadline, MAX_JSON_ANSWER, provider.secrets,
                                         content_type)
    except WorkerError as err:
        raise err.scrubbed(provider.secrets)
    if not 200 <= resp.status < 300:
        raise http_error(resp.status, resp.body, resp.header("retry-after"), provider.name, provider.secrets)
    try:
        return json.loads(resp.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} returned a batch answer that is not JSON",
                          retryable=True, status=resp.status) from None


async def _json(method: str, provider: Provider, call: Any, deadline: http_client.Deadline) -> Any:
    body = None if call.body is None else json.dumps(call.body, ensure_ascii=False).encode("utf-8")
    return await _call(method, provider, call.url, call.headers, deadline, body)


async def batch_build(params: Any) -> Dict[str, Any]:
    """Writes the exact request bytes of one chunk to `path` (never the network); answers their size and SHA-256."""
    params, provider, wire, _ = _setup(params)
    path = _string(params, "path")
    requests = params.get("requests")
    if not isinstance(requests, list) or not requests:
        raise bad_request("params.requests must be a non-empty array")
    digest = hashlib.sha256()
    size = 0
    with open(path + ".part", "wb") as out:
        for i, item in enumerate(requests):
            if not isinstance(item, dict) or not isinstance(item.get("customId"), str):
                raise bad_request(f"requests[{i}] needs a customId")
            req = ProbeRequest.from_params({**item, "provider": params["provider"]})
            line = (json.dumps(wire.input_line(item["customId"], req), ensure_ascii=False,
                               separators=(",", ":")) + "\n").encode("utf-8")
            digest.update(line)
            size += len(line)
            out.write(line)
    os.replace(path + ".part", path)
    return {"bytes": size, "sha256": digest.hexdigest(), "count": len(requests)}


async def batch_upload(params: Any) -> Dict[str, Any]:
    """OpenAI, Mistral, Gemini: uploads the chunk's file (named so it can be found again); answers its file id."""
    params, provider, wire, deadline = _setup(params)
    if wire is anthropic_batch:
        raise bad_request(f"{provider.name} batches take no file upload")
    with open(_string(params, "path"), "rb") as f:
        content = f.read()
    if wire is gemini_batch:
        return {"fileId": await _gemini_upload(provider, _string(params, "filename"), content, deadline)}
    url, headers, body, content_type = wire.upload_call(provider, _string(params, "filename"), content)
    data = await _call("POST", provider, url, headers, deadline, body, content_type)
    return {"fileId": str(data.get("id")) if isinstance(data, dict) else None}


async def _gemini_upload(provider: Provider, filename: str, content: bytes,
                         deadline: http_client.Deadline) -> Optional[str]:
    """The Files API's resumable upload: a start call (size, type, display name) answers where the bytes go; one
    upload-and-finalize call sends them all and answers the file."""
    start = gemini_batch.upload_start_call(provider, filename, len(content))
    body = json.dumps(start.body).encode("utf-8")
    try:
        resp = await http_client.request("POST", start.url, body, start.headers, deadline, MAX_JSON_ANSWER,
                                         provider.secrets)
    except WorkerError as err:
        raise err.scrubbed(provider.secrets)
    if not 200 <= resp.status < 300:
        raise http_error(resp.status, resp.body, resp.header("retry-after"), provider.name, provider.secrets)
    target = resp.header("x-goog-upload-url")
    if not target:
        raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} started an upload without its URL",
                          retryable=True, status=resp.status)
    data = await _call("POST", provider, target, gemini_batch.upload_bytes_headers(provider), deadline, content,
                       "application/jsonl")
    return gemini_batch.uploaded_id(data)


async def batch_find_file(params: Any) -> Dict[str, Any]:
    """OpenAI, Mistral, Gemini: the id of an uploaded file by its name (an upload whose answer was lost), or None."""
    params, provider, wire, deadline = _setup(params)
    filename = _string(params, "filename")
    if wire is not gemini_batch:
        data = await _json("GET", provider, wire.files_call(provider), deadline)
        return {"fileId": wire.find_file(data, filename)}
    token: Optional[str] = None
    for _ in range(FIND_FILE_PAGES):
        data = await _json("GET", provider, gemini_batch.files_call(provider, token), deadline)
        found = gemini_batch.find_file(data, filename)
        token = gemini_batch.next_files_page(data)
        if found or not token:
            return {"fileId": found}
    return {"fileId": None}


async def batch_create(params: Any) -> Dict[str, Any]:
    params, provider, wire, deadline = _setup(params)
    if wire is openai_batch:
        metadata = params.get("metadata") if isinstance(params.get("metadata"), dict) else {}
        call = wire.create_call(provider, _string(params, "inputFileId"), metadata)
    elif wire is mistral_batch:
        metadata = params.get("metadata") if isinstance(params.get("metadata"), dict) else {}
        with open(_string(params, "path"), "rb") as f:
            model = wire.model_of(json.loads(f.readline() or b"null"))
        if not model:
            raise bad_request("the chunk's request file names no model")
        call = wire.create_call(provider, _string(params, "inputFileId"), model, metadata)
    elif wire is gemini_batch and isinstance(params.get("inputFileId"), str):
        # The requests are in the uploaded file: only the model (from the first line) goes in the call.
        metadata = params.get("metadata") if isinstance(params.get("metadata"), dict) else {}
        with open(_string(params, "path"), "rb") as f:
            first = json.loads(f.readline() or b"null")
        call = wire.create_call(provider, [first], wire.display_name(metadata), params["inputFileId"])
    else:
        with open(_string(params, "path"), "rb") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        if wire is gemini_batch:
            metadata = params.get("metadata") if isinstance(params.get("metadata"), dict) else {}
            call = wire.create_call(provider, lines, wire.display_name(metadata))
        else:
            call = wire.create_call(provider, lines)
    return wire.view(await _json("POST", provider, call, deadline), provider)


async def batch_get(params: Any) -> Dict[str, Any]:
    params, provider, wire, deadline = _setup(params)
    return wire.view(await _json("GET", provider, wire.get_call(provider, _string(params, "batchId")), deadline),
                     provider)


async def batch_cancel(params: Any) -> Dict[str, Any]:
    params, provider, wire, deadline = _setup(params)
    batch_id = _string(params, "batchId")
    answer = await _json("POST", provider, wire.cancel_call(provider, batch_id), deadline)
    if wire is gemini_batch:  # the cancel answers nothing: the batch as it is now
        answer = await _json("GET", provider, wire.get_call(provider, batch_id), deadline)
    return wire.view(answer, provider)


async def batch_list(params: Any) -> Dict[str, Any]:
    """One page of the provider's batches, newest first, and where the next page starts (None: last page)."""
    params, provider, wire, deadline = _setup(params)
    after = params.get("after") if isinstance(params.get("after"), str) else None
    limit = params.get("limit") if isinstance(params.get("limit"), int) else 100
    data = await _json("GET", provider, wire.list_call(provider, after, limit), deadline)
    items, following = wire.page(data, after) if wire is mistral_batch else wire.page(data)
    return {"batches": [wire.view(item, provider) for item in items if isinstance(item, dict)], "next": following}


async def batch_download(params: Any) -> Dict[str, Any]:
    """Streams the ended batch's output and error files to `outputPath` / `errorPath`; answers the bytes of each."""
    params, provider, wire, deadline = _setup(params)
    headers = {k: v for k, v in wire.get_call(provider, "x").headers.items()}
    files = params.get("files") if isinstance(params.get("files"), list) else []
    written: Dict[str, Optional[int]] = {"output": None, "error": None}
    for item in files:
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in written or not isinstance(item.get("url"), str):
            continue
        path = _string(params, "outputPath" if kind == "output" else "errorPath")
        if wire is gemini_batch and item.get("id") is None:
            written[kind] = await _write_inlined(provider, item["url"], path, deadline)
            continue
        try:
            resp, size = await http_download.download(item["url"], headers, path, deadline, provider.secrets)
        except WorkerError as err:
            raise err.scrubbed(provider.secrets)
        if not 200 <= resp.status < 300:
            raise http_error(resp.status, resp.body, resp.header("retry-after"), provider.name, provider.secrets)
        written[kind] = size
    return written


async def _write_inlined(provider: Provider, url: str, path: str, deadline: http_client.Deadline) -> int:
    """Gemini: the answers inlined in the finished operation, written to `path` as results lines; answers the bytes."""
    data = await _call("GET", provider, url, gemini_batch.get_call(provider, "x").headers, deadline)
    size = 0
    with open(path + ".part", "wb") as out:
        for line in gemini_batch.inlined_lines(data):
            raw = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            size += len(raw)
            out.write(raw)
    os.replace(path + ".part", path)
    return size


async def batch_read(params: Any) -> Dict[str, Any]:
    """Up to `limit` result lines from byte `offset` of a downloaded file, each matched by its custom id, replies read
    on the run's scale; `nextOffset` is where the next call starts (the app stores it with the rows it writes), and
    `ends[i]` is the byte just after record i's line, so the app can write a page in parts, each with its offset."""
    params, provider, wire, _ = _setup(params)
    offset = params.get("offset", 0)
    limit = params.get("limit", 2000)
    if not isinstance(offset, int) or offset < 0 or not isinstance(limit, int) or not 0 < limit <= MAX_READ_LINES:
        raise bad_request("params.offset must be >= 0 and params.limit in 1..20000")
    # Read once for the page, not once a reply.
    scale = PreparedScale([{"code": p.get("code"), "label": p.get("label")} for p in params.get("scale") or []
                           if isinstance(p, dict)])
    return result_pages.read_page(_string(params, "path"), offset, limit, wire, provider, scale)


async def batch_delete(params: Any) -> Dict[str, Any]:
    """Deletes what the provider keeps of an ended batch (its files; an Anthropic batch itself); gone is fine."""
    params, provider, wire, deadline = _setup(params)
    view = params.get("batch") if isinstance(params.get("batch"), dict) else {}
    deleted = 0
    for url in wire.delete_calls(provider, view):
        resp = await http_client.request("DELETE", url, None, wire.get_call(provider, "x").headers, deadline,
                                         64 * 1024, provider.secrets)
        if 200 <= resp.status < 300:
            deleted += 1
        elif resp.status != 404:
            raise http_error(resp.status, resp.body, None, provider.name, provider.secrets)
    return {"deleted": deleted}


METHODS = {"batch_build": batch_build, "batch_upload": batch_upload, "batch_find_file": batch_find_file,
           "batch_create": batch_create, "batch_get": batch_get, "batch_cancel": batch_cancel,
           "batch_list": batch_list, "batch_download": batch_download, "batch_read": batch_read,
           "batch_delete": batch_delete}

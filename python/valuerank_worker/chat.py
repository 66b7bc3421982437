"""One chat completion in any wire format: build, send within the deadline, read at most the cap, parse."""
from __future__ import annotations

import json

from . import http_client, wires
from .errors import WorkerError, http_error, scrub
from .requests import ProbeRequest
from .vocabulary import ErrorCode
from .wires.common import Completion, malformed


async def complete(req: ProbeRequest) -> Completion:
    """Send the conversation; return the parsed completion or raise WorkerError naming the provider."""
    provider = req.provider
    wire = wires.module_for(provider.wire)
    call = wire.chat_request(req)
    deadline = http_client.Deadline(req.timeout_s)
    try:
        resp = await http_client.post_json(call.url, call.body, call.headers, deadline, req.max_response_bytes,
                                           provider.secrets)
    except WorkerError as err:
        raise err.scrubbed(provider.secrets)
    if not 200 <= resp.status < 300:
        raise http_error(resp.status, resp.body, resp.header("retry-after"), provider.name, provider.secrets)
    result = _truncated(req, resp.body) if resp.truncated else _parse(req, resp.body, resp.status)
    if not result.reply.strip():
        raise WorkerError(ErrorCode.EMPTY_RESPONSE, f"{provider.name} returned an empty reply",
                          retryable=True, status=resp.status)
    # Never let the key leak through the reply metadata either.
    if result.reported_model and provider.secrets:
        result.reported_model = scrub(result.reported_model, provider.secrets)
    return result


def _parse(req: ProbeRequest, body: bytes, status: int) -> Completion:
    name = req.provider.name
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise malformed(name, "body is not JSON", status) from None
    if not isinstance(data, dict):
        raise malformed(name, "body is not a JSON object", status)
    return wires.module_for(req.provider.wire).parse_chat(data, req.provider, status)


def _truncated(req: ProbeRequest, prefix: bytes) -> Completion:
    """An answer longer than the cap: its reply as far as it was read, marked truncated; the rest was never read."""
    cap = req.max_response_bytes
    salvaged = wires.module_for(req.provider.wire).salvage_chat(prefix.decode("utf-8", errors="ignore"))
    if salvaged is None:
        raise WorkerError(ErrorCode.RESPONSE_TOO_LARGE,
                          f"{req.provider.name} sent more than {_size(cap)} and no reply could be read from it",
                          retryable=False, status=200)
    salvaged.truncated = True
    salvaged.notes.append(f"The answer was longer than {_size(cap)} and was cut there; the rest was not read.")
    return salvaged


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"

"""list_models and check_provider: what a provider offers, and whether its endpoint and key work.

System Health needs a cheap authenticated call per provider; the model list is that call (it costs no tokens),
and the same listing feeds the app's model catalog (what the key can use, what a local server has installed).
"""
from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional

from . import http_client, wires
from .errors import WorkerError, http_error
from .requests import CatalogRequest
from .vocabulary import ErrorCode

# Pagination guard: a provider that keeps returning a next page must not keep a health check busy forever.
MAX_PAGES = 10


async def fetch_models(req: CatalogRequest) -> List[Dict[str, Any]]:
    """Every model the endpoint lists for this key; raises WorkerError (AUTH_FAILED, NETWORK_ERROR, ...)."""
    provider = req.provider
    wire = wires.module_for(provider.wire)
    deadline = http_client.Deadline(req.timeout_s)
    models: List[Dict[str, Any]] = []
    page: Optional[str] = None
    for _ in range(MAX_PAGES):
        call = wire.list_request(provider, page)
        if deadline.expired():
            raise WorkerError(ErrorCode.TIMEOUT,
                              f"Listing models at {provider.base_url} took longer than {req.timeout_s:g} s",
                              retryable=True)
        try:
            resp = await http_client.get_json(call.url, call.headers, deadline, req.max_response_bytes,
                                              provider.secrets)
        except WorkerError as err:
            raise err.scrubbed(provider.secrets)
        if resp.status == 404:
            raise WorkerError(ErrorCode.ENDPOINT_NOT_FOUND,
                              f"{provider.name} has no model list at {call.url.split('?', 1)[0]} (HTTP 404)",
                              status=404)
        if not 200 <= resp.status < 300:
            raise http_error(resp.status, resp.body, resp.header("retry-after"), provider.name, provider.secrets)
        if resp.truncated:
            raise WorkerError(ErrorCode.RESPONSE_TOO_LARGE,
                              f"{provider.name} sent a model list larger than {req.max_response_bytes} bytes",
                              status=resp.status)
        try:
            data = json.loads(resp.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} returned a model list that is not JSON",
                              status=resp.status) from None
        found, page = wire.parse_list(data, provider)
        models.extend(found)
        if not page:
            break
    seen = set()
    unique = []
    for model in models:
        if model["id"] not in seen:
            seen.add(model["id"])
            unique.append(model)
    return unique


async def list_models(params: Any) -> Dict[str, Any]:
    return {"models": await fetch_models(CatalogRequest.from_params(params))}


async def check_provider(params: Any) -> Dict[str, Any]:
    """A health check: the model list, timed. Failures raise the typed WorkerError like any other call."""
    req = CatalogRequest.from_params(params)
    t0 = time.perf_counter()
    models = await fetch_models(req)
    latency_ms = round((time.perf_counter() - t0) * 1000.0, 3)
    return {"ok": True, "latencyMs": latency_ms, "modelCount": len(models), "models": models}

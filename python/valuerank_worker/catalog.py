"""list_models and check_provider: what a provider offers, and whether its endpoint and key work.

System Health needs a cheap authenticated call per provider; the model list is that call (it costs no tokens),
and the same listing feeds the app's model catalog (what the key can use, what a local server has installed).
"""
from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any, Dict, List, Optional, Tuple

from . import http_client
from .adapters import auth_headers
from .errors import WorkerError, http_error
from .params import provider_fields, require_object, timeout_seconds

# Pagination guard: a provider that keeps returning a next page must not keep a health check busy forever.
MAX_PAGES = 10
DEFAULT_TIMEOUT_MS = 5000


def _validate(params: Any) -> Dict[str, Any]:
    fields = require_object(params)
    return {**provider_fields(fields), "timeout_s": timeout_seconds(fields, DEFAULT_TIMEOUT_MS)}


def _request(kind: str, base_url: str, api_key: str, page: Optional[str]) -> Tuple[str, Dict[str, str]]:
    """The listing URL and headers for one page, in the provider's own wire format."""
    headers = auth_headers(kind, api_key)
    if kind == "anthropic":
        query = {"limit": "1000"}
        if page:
            query["after_id"] = page
        return f"{base_url}/v1/models?{urllib.parse.urlencode(query)}", headers
    if kind == "gemini":
        query = {"pageSize": "1000"}
        if page:
            query["pageToken"] = page
        return f"{base_url}/v1beta/models?{urllib.parse.urlencode(query)}", headers
    return f"{base_url}/models", headers


def _str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def _parse_page(kind: str, data: Any) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """Models on one page and the token of the next page (None when this is the last)."""
    if not isinstance(data, dict):
        raise WorkerError("MALFORMED_RESPONSE", f"{kind} returned a model list that is not an object")
    if kind == "gemini":
        items = data.get("models", [])
        if not isinstance(items, list):
            raise WorkerError("MALFORMED_RESPONSE", "gemini returned models that are not a list")
        models = []
        for item in items:
            if not isinstance(item, dict) or not _str(item.get("name")):
                continue
            methods = item.get("supportedGenerationMethods")
            # Embedding-only models cannot answer a dilemma; a server that omits the field lists everything.
            if isinstance(methods, list) and "generateContent" not in methods:
                continue
            model_id = item["name"].split("/", 1)[1] if item["name"].startswith("models/") else item["name"]
            models.append({"id": model_id, "displayName": _str(item.get("displayName")), "created": None})
        return models, _str(data.get("nextPageToken"))
    items = data.get("data")
    if not isinstance(items, list):
        raise WorkerError("MALFORMED_RESPONSE", f"{kind} returned a model list without data[]")
    models = []
    for item in items:
        if not isinstance(item, dict) or not _str(item.get("id")):
            continue
        created = item.get("created")
        models.append({"id": item["id"],
                       "displayName": _str(item.get("display_name")),
                       "created": _str(item.get("created_at")) or (
                           time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created))
                           if isinstance(created, int) and not isinstance(created, bool) else None)})
    following = _str(data.get("last_id")) if kind == "anthropic" and data.get("has_more") is True else None
    return models, following


def fetch_models(kind: str, base_url: str, api_key: str, timeout_s: float) -> List[Dict[str, Any]]:
    """Every model the endpoint lists for this key; raises WorkerError (AUTH_FAILED, NETWORK_ERROR, ...)."""
    secrets = [api_key] if api_key else []
    deadline = time.monotonic() + timeout_s
    models: List[Dict[str, Any]] = []
    page: Optional[str] = None
    for _ in range(MAX_PAGES):
        url, headers = _request(kind, base_url, api_key, page)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerError("TIMEOUT", f"Listing models at {base_url} took longer than {timeout_s:g} s",
                              retryable=True)
        try:
            resp = http_client.get_json(url, headers, remaining, secrets)
        except WorkerError as err:
            raise err.scrubbed(secrets)
        if resp.status == 404:
            raise WorkerError("ENDPOINT_NOT_FOUND",
                              f"{kind} has no model list at {url.split('?', 1)[0]} (HTTP 404)", status=404)
        if not 200 <= resp.status < 300:
            raise http_error(resp.status, resp.body, resp.header("retry-after"), kind, secrets)
        try:
            data = json.loads(resp.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise WorkerError("MALFORMED_RESPONSE", f"{kind} returned a model list that is not JSON",
                              status=resp.status)
        found, page = _parse_page(kind, data)
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


def list_models(params: Any) -> Dict[str, Any]:
    p = _validate(params)
    return {"models": fetch_models(p["kind"], p["base_url"], p["api_key"], p["timeout_s"])}


def check_provider(params: Any) -> Dict[str, Any]:
    """A health check: the model list, timed. Failures raise the typed WorkerError like any other call."""
    p = _validate(params)
    t0 = time.perf_counter()
    models = fetch_models(p["kind"], p["base_url"], p["api_key"], p["timeout_s"])
    latency_ms = round((time.perf_counter() - t0) * 1000.0, 3)
    return {"ok": True, "latencyMs": latency_ms, "modelCount": len(models), "models": models}

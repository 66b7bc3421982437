"""Validation of the request fields every method shares: the provider to call and the time it may take."""
from __future__ import annotations

from typing import Any, Dict

from .adapters import SUPPORTED_KINDS
from .errors import bad_request


def require_object(params: Any) -> Dict[str, Any]:
    if not isinstance(params, dict):
        raise bad_request("params must be an object")
    return params


def provider_fields(params: Dict[str, Any]) -> Dict[str, str]:
    """kind, base_url (trimmed, no trailing slash) and api_key ("" for servers without keys)."""
    provider = params.get("provider")
    if not isinstance(provider, dict):
        raise bad_request("params.provider is required")
    kind = provider.get("kind")
    if kind not in SUPPORTED_KINDS:
        raise bad_request(f"provider.kind must be one of {', '.join(SUPPORTED_KINDS)}")
    base_url = provider.get("baseUrl")
    if not isinstance(base_url, str) or not base_url.strip():
        raise bad_request("provider.baseUrl is required")
    api_key = provider.get("apiKey")
    if api_key is None:
        api_key = ""
    if not isinstance(api_key, str):
        raise bad_request("provider.apiKey must be a string")
    return {"kind": kind, "base_url": base_url.strip().rstrip("/"), "api_key": api_key}


def timeout_seconds(params: Dict[str, Any], default_ms: int) -> float:
    timeout_ms = params.get("timeoutMs", default_ms)
    if timeout_ms is None:
        timeout_ms = default_ms
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, (int, float)) or timeout_ms <= 0:
        raise bad_request("params.timeoutMs must be a positive number")
    return float(timeout_ms) / 1000.0

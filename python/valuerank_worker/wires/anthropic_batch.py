"""Anthropic Message Batches: the requests travel in the create body (no file, no metadata: a batch is found again
by its creation time and size), results are one JSONL stream at results_url once the batch has ended."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Tuple

from ..requests import ProbeRequest, Provider
from . import anthropic
from .common import HttpCall, str_or_none
from .batch_common import Record, num, record_error, record_ok


def input_line(custom_id: str, req: ProbeRequest) -> Dict[str, Any]:
    return {"custom_id": custom_id, "params": anthropic.chat_request(req).body}


def create_call(provider: Provider, lines: List[Any]) -> HttpCall:
    return HttpCall(f"{provider.base_url}/v1/messages/batches", anthropic.auth_headers(provider), {"requests": lines})


def list_call(provider: Provider, after: Optional[str], limit: int) -> HttpCall:
    query = f"?limit={limit}" + (f"&after_id={after}" if after else "")
    return HttpCall(f"{provider.base_url}/v1/messages/batches{query}", anthropic.auth_headers(provider))


def get_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/v1/messages/batches/{batch_id}", anthropic.auth_headers(provider))


def cancel_call(provider: Provider, batch_id: str) -> HttpCall:
    return HttpCall(f"{provider.base_url}/v1/messages/batches/{batch_id}/cancel", anthropic.auth_headers(provider), {})


def delete_calls(provider: Provider, view: Dict[str, Any]) -> List[str]:
    return [f"{provider.base_url}/v1/messages/batches/{view['id']}"]


def page(data: Any) -> Tuple[List[Any], Optional[str]]:
    items = data.get("data") if isinstance(data, dict) else None
    items = items if isinstance(items, list) else []
    more = isinstance(data, dict) and data.get("has_more") is True
    return items, (str_or_none(data.get("last_id")) if more else None)


def _epoch(value: Any) -> Optional[float]:
    if not isinstance(value, str) or not value:
        return None
    try:
        return _dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def view(data: Any, provider: Provider) -> Dict[str, Any]:
    status = str(data.get("processing_status") or "")
    counts = data.get("request_counts") if isinstance(data.get("request_counts"), dict) else {}
    c = {"succeeded": num(counts.get("succeeded")), "errored": num(counts.get("errored")),
         "expired": num(counts.get("expired")), "cancelled": num(counts.get("canceled")),
         "processing": num(counts.get("processing"))}
    results = str_or_none(data.get("results_url"))
    return {
        "id": str(data.get("id")),
        "state": "ended" if status == "ended" else "in_progress",
        "providerStatus": status,
        "counts": {"total": sum(c.values()), **c},
        "createdAt": _epoch(data.get("created_at")) or 0,
        "expiresAt": _epoch(data.get("expires_at")),
        "endedAt": _epoch(data.get("ended_at")),
        "metadata": {},
        "inputFileId": None,
        "files": [{"kind": "output", "id": None, "url": results}] if results else [],
    }


def parse_result(obj: Any, provider: Provider) -> Record:
    custom_id = str(obj.get("custom_id"))
    result = obj.get("result") if isinstance(obj.get("result"), dict) else {}
    kind = result.get("type")
    if kind == "succeeded" and isinstance(result.get("message"), dict):
        message = result["message"]
        return record_ok(custom_id, lambda: anthropic.parse_chat(message, provider, 200))
    if kind in ("expired", "canceled"):
        return record_error(custom_id, "expired" if kind == "expired" else "cancelled", "PROVIDER_ERROR",
                            f"Request {kind}", None)
    err = result.get("error") if isinstance(result.get("error"), dict) else {}
    inner = err.get("error") if isinstance(err.get("error"), dict) else err
    kind_text = str(inner.get("type") or "error")
    code = "BAD_REQUEST_TO_PROVIDER" if kind_text == "invalid_request_error" else "PROVIDER_ERROR"
    return record_error(custom_id, "errored", code, str(inner.get("message") or kind_text), None)

"""The Anthropic Messages wire format: system prompt apart, max_tokens required, key in x-api-key."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict, List, Optional, Tuple

from ..errors import WorkerError
from ..requests import ProbeRequest, Provider
from ..vocabulary import ErrorCode
from ..jsontext import first_string_field, partial_string_after
from .common import (Completion, HttpCall, completion, malformed, str_or_none)

ANTHROPIC_VERSION = "2023-06-01"
DEFAULT_MAX_TOKENS = 1024


def auth_headers(provider: Provider) -> Dict[str, str]:
    headers = {"anthropic-version": ANTHROPIC_VERSION}
    if provider.api_key:
        headers["x-api-key"] = provider.api_key
    return headers


def chat_request(req: ProbeRequest) -> HttpCall:
    body: Dict[str, Any] = {"model": req.model}
    if req.system is not None:
        body["system"] = req.system
    body["messages"] = [m.to_dict() for m in req.conversation]
    body["max_tokens"] = req.max_tokens if req.max_tokens is not None else DEFAULT_MAX_TOKENS
    if req.temperature is not None:
        body["temperature"] = req.temperature
    return HttpCall(f"{req.provider.base_url}/v1/messages", auth_headers(req.provider), body)


def parse_chat(data: Dict[str, Any], provider: Provider, status: int) -> Completion:
    if not isinstance(data.get("content"), list):
        raise malformed(provider.name, "missing content[]", status)
    texts = [item["text"] for item in data["content"]
             if isinstance(item, dict) and item.get("type") == "text" and isinstance(item.get("text"), str)]
    reported_usage = data.get("usage")
    usage = reported_usage if isinstance(reported_usage, dict) else {}
    return completion("".join(texts), data.get("model"), usage, ("input_tokens", "output_tokens", None))


def salvage_chat(prefix: str) -> Optional[Completion]:
    """The first text block of an answer cut at the cap (the model name comes before it, usage after)."""
    reply = partial_string_after(prefix, "text")
    if reply is None:
        return None
    return Completion(reply, first_string_field(prefix, "model"), None, None, None)


def list_request(provider: Provider, page: Optional[str]) -> HttpCall:
    query = {"limit": "1000"}
    if page:
        query["after_id"] = page
    return HttpCall(f"{provider.base_url}/v1/models?{urllib.parse.urlencode(query)}", auth_headers(provider))


def parse_list(data: Any, provider: Provider) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """Models on one page and the id to continue after (None on the last page)."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} returned a model list without data[]")
    models = [{"id": item["id"], "displayName": str_or_none(item.get("display_name")),
               "created": str_or_none(item.get("created_at"))}
              for item in data["data"] if isinstance(item, dict) and str_or_none(item.get("id"))]
    following = str_or_none(data.get("last_id")) if data.get("has_more") is True else None
    return models, following

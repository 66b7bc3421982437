"""The Gemini generateContent wire format: contents with parts, systemInstruction, key in x-goog-api-key."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict, List, Optional, Tuple

from ..errors import WorkerError
from ..requests import ProbeRequest, Provider
from ..vocabulary import ErrorCode
from ..jsontext import first_string_field, partial_string_after
from .common import (Completion, HttpCall, completion, malformed, str_or_none)


def auth_headers(provider: Provider) -> Dict[str, str]:
    return {"x-goog-api-key": provider.api_key} if provider.api_key else {}


def chat_request(req: ProbeRequest) -> HttpCall:
    contents = [{"role": "model" if m.role == "assistant" else "user", "parts": [{"text": m.content}]}
                for m in req.conversation]
    body: Dict[str, Any] = {"contents": contents}
    if req.system is not None:
        body["systemInstruction"] = {"parts": [{"text": req.system}]}
    gen: Dict[str, Any] = {}
    if req.temperature is not None:
        gen["temperature"] = req.temperature
    if req.max_tokens is not None:
        gen["maxOutputTokens"] = req.max_tokens
    body["generationConfig"] = gen
    quoted = urllib.parse.quote(req.model, safe="-._~/")
    return HttpCall(f"{req.provider.base_url}/v1beta/models/{quoted}:generateContent",
                    auth_headers(req.provider), body)


def parse_chat(data: Dict[str, Any], provider: Provider, status: int) -> Completion:
    try:
        candidate = data["candidates"][0]
    except (KeyError, IndexError, TypeError):
        raise malformed(provider.name, "missing candidates[0]", status) from None
    content = candidate.get("content") if isinstance(candidate, dict) else None
    parts = content.get("parts") if isinstance(content, dict) else None
    if parts is None:
        parts = []  # e.g. finishReason SAFETY with no content -> empty reply
    if not isinstance(parts, list):
        raise malformed(provider.name, "candidates[0].content.parts is not a list", status)
    text = "".join(p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str))
    reported_usage = data.get("usageMetadata")
    usage = reported_usage if isinstance(reported_usage, dict) else {}
    return completion(text, data.get("modelVersion"), usage,
                      ("promptTokenCount", "candidatesTokenCount", "totalTokenCount"))


def salvage_chat(prefix: str) -> Optional[Completion]:
    """The first text part of an answer cut at the cap (modelVersion and usage come after it and are lost)."""
    reply = partial_string_after(prefix, "text")
    if reply is None:
        return None
    return Completion(reply, first_string_field(prefix, "modelVersion"), None, None, None)


def list_request(provider: Provider, page: Optional[str]) -> HttpCall:
    query = {"pageSize": "1000"}
    if page:
        query["pageToken"] = page
    return HttpCall(f"{provider.base_url}/v1beta/models?{urllib.parse.urlencode(query)}", auth_headers(provider))


def parse_list(data: Any, provider: Provider) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """Models that can answer a prompt on one page, and the next page's token (None on the last page)."""
    if not isinstance(data, dict):
        raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} returned a model list that is not an object")
    items = data.get("models", [])
    if not isinstance(items, list):
        raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} returned models that are not a list")
    models = []
    for item in items:
        if not isinstance(item, dict) or not str_or_none(item.get("name")):
            continue
        methods = item.get("supportedGenerationMethods")
        # Embedding-only models cannot answer a dilemma; a server that omits the field lists everything.
        if isinstance(methods, list) and "generateContent" not in methods:
            continue
        name = item["name"]
        model_id = name.split("/", 1)[1] if name.startswith("models/") else name
        models.append({"id": model_id, "displayName": str_or_none(item.get("displayName")), "created": None})
    return models, str_or_none(data.get("nextPageToken"))

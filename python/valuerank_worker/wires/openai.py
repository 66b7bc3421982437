"""The OpenAI chat-completions wire format, also spoken by xAI, DeepSeek, Mistral, Ollama, LM Studio, llama.cpp and
any OpenAI-compatible server: the base URL includes /v1 and the key is a bearer token."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..errors import WorkerError
from ..requests import ProbeRequest, Provider
from ..vocabulary import ErrorCode
from ..jsontext import first_string_field, partial_string_after
from .common import (Completion, HttpCall, completion, created_from_epoch, malformed,
                     str_or_none)


def auth_headers(provider: Provider) -> Dict[str, str]:
    return {"Authorization": f"Bearer {provider.api_key}"} if provider.api_key else {}


def chat_request(req: ProbeRequest) -> HttpCall:
    body: Dict[str, Any] = {"model": req.model, "messages": [m.to_dict() for m in req.messages]}
    if req.temperature is not None:
        body["temperature"] = req.temperature
    if req.max_tokens is not None:
        body["max_tokens"] = req.max_tokens
    return HttpCall(f"{req.provider.base_url}/chat/completions", auth_headers(req.provider), body)


def parse_chat(data: Dict[str, Any], provider: Provider, status: int) -> Completion:
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise malformed(provider.name, "missing choices[0].message.content", status) from None
    if content is None:
        content = ""
    if isinstance(content, list):  # content-part arrays from some servers
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    if not isinstance(content, str):
        raise malformed(provider.name, "message content is not text", status)
    reported_usage = data.get("usage")
    usage = reported_usage if isinstance(reported_usage, dict) else {}
    return completion(content, data.get("model"), usage, ("prompt_tokens", "completion_tokens", "total_tokens"))


def salvage_chat(prefix: str) -> Optional[Completion]:
    """The reply of an answer cut at the cap (usage comes after it and is lost)."""
    reply = partial_string_after(prefix, "content")
    if reply is None:
        return None
    return Completion(reply, first_string_field(prefix, "model"), None, None, None)


def list_request(provider: Provider, page: Optional[str]) -> HttpCall:
    return HttpCall(f"{provider.base_url}/models", auth_headers(provider))


def parse_list(data: Any, provider: Provider) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """Models on the (only) page; OpenAI-style lists are not paginated."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider.name} returned a model list without data[]")
    models = []
    for item in data["data"]:
        if not isinstance(item, dict) or not str_or_none(item.get("id")):
            continue
        models.append({"id": item["id"], "displayName": str_or_none(item.get("display_name")),
                       "created": str_or_none(item.get("created_at")) or created_from_epoch(item.get("created"))})
    return models, None

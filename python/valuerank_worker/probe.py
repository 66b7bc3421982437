"""probe_scenario: validate params, call the provider, build the result."""
from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

from . import adapters
from .decision import extract_decision
from .errors import bad_request
from .params import provider_fields, require_object, timeout_seconds
from .log import iso_now

_ROLES = ("system", "user", "assistant")
_TITLES = {"system": "System", "user": "User", "assistant": "Assistant"}


def _number_or_none(value: Any, name: str, integer: bool = False) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_request(f"params.{name} must be a number or null")
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise bad_request(f"params.{name} must be an integer or null")
        return int(value)
    return value


def validate(params: Any) -> Dict[str, Any]:
    params = require_object(params)
    provider = provider_fields(params)

    model = params.get("model")
    if not isinstance(model, dict):
        raise bad_request("params.model is required")
    version = model.get("version")
    model_id = model.get("id")
    wire_model = version if isinstance(version, str) and version else model_id
    if not isinstance(wire_model, str) or not wire_model:
        raise bad_request("model.id is required")

    messages = params.get("messages")
    if not isinstance(messages, list) or not messages:
        raise bad_request("params.messages must be a non-empty array")
    clean: List[Dict[str, str]] = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in _ROLES \
                or not isinstance(m.get("content"), str):
            raise bad_request(f"messages[{i}] must have role system|user|assistant and string content")
        clean.append({"role": m["role"], "content": m["content"]})
    if not any(m["role"] == "user" for m in clean):
        raise bad_request("messages must include a user message")

    gen = params.get("params") or {}
    if not isinstance(gen, dict):
        raise bad_request("params.params must be an object")
    temperature = _number_or_none(gen.get("temperature"), "temperature")
    max_tokens = _number_or_none(gen.get("maxTokens"), "maxTokens", integer=True)

    scale = params.get("scale") or []
    if not isinstance(scale, list):
        raise bad_request("params.scale must be an array")

    return {**provider, "model": wire_model, "messages": clean, "temperature": temperature,
            "max_tokens": max_tokens, "timeout_s": timeout_seconds(params, 60000),
            "scale": scale}


def render_markdown(turns: List[Dict[str, str]]) -> str:
    blocks = [f"## {_TITLES.get(t['role'], t['role'].title())}\n\n{t['content'].strip()}"
              for t in turns]
    return "\n\n".join(blocks) + "\n"


def probe_scenario(params: Any) -> Dict[str, Any]:
    p = validate(params)
    started_at = iso_now()
    t0 = time.perf_counter()
    result = adapters.complete(p["kind"], p["base_url"], p["api_key"], p["model"],
                               p["messages"], p["temperature"], p["max_tokens"],
                               p["timeout_s"])
    duration_ms = (time.perf_counter() - t0) * 1000.0
    completed_at = iso_now()
    reply = result.reply
    turns = list(p["messages"]) + [{"role": "assistant", "content": reply}]
    return {
        "turns": turns,
        "content": render_markdown(turns),
        "reply": reply,
        "reportedModel": result.reported_model,
        "usage": result.usage(),
        "wordCount": len(reply.split()),
        "durationMs": round(duration_ms, 3),
        "startedAt": started_at,
        "completedAt": completed_at,
        "requestParams": {"model": p["model"], "temperature": p["temperature"],
                          "maxTokens": p["max_tokens"], "provider": p["kind"]},
        "decision": extract_decision(reply, p["scale"]),
    }

"""probe_scenario: one scenario sent to one model, answered with the reply (once), its decision and its metadata."""
from __future__ import annotations

import time
from typing import Any, Dict

from . import chat
from .decision import extract_decision
from .jsontext import replace_lone_surrogates
from .log import iso_now, log
from .requests import ProbeRequest


async def probe_scenario(params: Any) -> Dict[str, Any]:
    """The reply travels once: the caller adds it to the prompt turns it sent and renders the transcript itself."""
    req = ProbeRequest.from_params(params)
    started_at = iso_now()
    t0 = time.perf_counter()
    result = await chat.complete(req)
    duration_ms = (time.perf_counter() - t0) * 1000.0
    completed_at = iso_now()
    reply, halves = replace_lone_surrogates(result.reply)
    if halves:
        result.notes.append(f"The answer held {halves} lone surrogate code unit(s) (half of a character, not valid "
                            "text); each was replaced with U+FFFD and the rest kept as sent.")
    if result.reported_model is not None:
        result.reported_model = replace_lone_surrogates(result.reported_model)[0]
    for note in result.notes:
        log("warn", "probe note", provider=req.provider.id, model=req.model, note=note)
    return {
        "prompt": [m.to_dict() for m in req.messages],
        "reply": reply,
        "truncated": result.truncated,
        "notes": result.notes,
        "reportedModel": result.reported_model,
        "usage": result.usage(),
        "wordCount": len(reply.split()),
        "durationMs": round(duration_ms, 3),
        "startedAt": started_at,
        "completedAt": completed_at,
        "requestParams": {"model": req.model, "temperature": req.temperature,
                          "maxTokens": req.max_tokens, "provider": req.provider.wire.value},
        "decision": extract_decision(reply, [{"code": p.code, "label": p.label} for p in req.scale]),
    }

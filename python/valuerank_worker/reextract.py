"""extract_decisions: stored replies read again with the same ladder as probe_scenario, never asking a provider.

Main sends it when a researcher re-extracts the decisions of a finished run (after fixing its scale), so the one
reader of decisions stays this package's `extract_decision`.
"""
from __future__ import annotations

from typing import Any, Dict

from .decision import PreparedScale, extract_decision
from .errors import bad_request

MAX_REPLIES = 10_000


async def extract_decisions(params: Any) -> Dict[str, Any]:
    if not isinstance(params, dict):
        raise bad_request("params must be an object with scale and replies")
    scale = params.get("scale")
    replies = params.get("replies")
    if not isinstance(scale, list):
        raise bad_request("scale must be a list of {code, label}")
    if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
        raise bad_request("replies must be a list of strings")
    if len(replies) > MAX_REPLIES:
        raise bad_request(f"at most {MAX_REPLIES} replies per call")
    prepared = PreparedScale(scale)
    return {"decisions": [extract_decision(reply, prepared) for reply in replies]}

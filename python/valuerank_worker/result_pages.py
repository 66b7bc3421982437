"""One page of a downloaded batch result file, parsed: its records, where each ends, and where the next begins."""
from __future__ import annotations

import json
import os
from types import ModuleType
from typing import Any, Dict, List

from .decision import PreparedScale, extract_decision
from .requests import Provider
from .wires import gemini_batch

_JSON = json.JSONDecoder()

Page = Dict[str, Any]


def read_page(path: str, offset: int, limit: int, wire: ModuleType, provider: Provider, scale: PreparedScale) -> Page:
    """Up to `limit` records from byte `offset`; blank lines are skipped and not counted."""
    records: List[Dict[str, Any]] = []
    ends: List[int] = []
    position = offset
    decode = _JSON.decode
    gemini = wire is gemini_batch
    with open(path, "rb") as f:
        f.seek(offset)
        for line in f:
            position += len(line)
            if not line.strip():
                continue
            ends.append(position)
            try:
                # As json.loads(bytes) reads UTF-8 (a byte-order mark allowed), without its per-call encoding sniffing.
                obj = decode(line.decode("utf-8-sig", "surrogatepass"))
            except ValueError:  # not JSON, or not UTF-8 (UnicodeDecodeError is a ValueError)
                obj = None
            ident = (gemini_batch.result_id(obj) if gemini else obj.get("custom_id")) if isinstance(obj, dict) else None
            if not isinstance(ident, str):
                why = "A result line that is not a JSON object with a custom_id"
                records.append({"customId": None, "outcome": "unreadable",
                                "error": {"code": "MALFORMED_RESPONSE", "message": why, "status": None}})
            else:
                record = wire.parse_result(obj, provider)
                if record["outcome"] == "succeeded":
                    reply = record["reply"]
                    record["wordCount"] = len(reply.split())
                    record["decision"] = extract_decision(reply, scale)
                records.append(record)
            if len(records) >= limit:
                break
        next_offset = position
        done = position >= os.fstat(f.fileno()).st_size
    return {"records": records, "ends": ends, "nextOffset": next_offset, "done": done}

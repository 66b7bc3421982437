"""What the batch wire formats share: one result line as the app records it, succeeded or not."""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional

from ..errors import WorkerError
from .common import Completion

Record = Dict[str, Any]


def num(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def record_error(custom_id: str, outcome: str, code: str, message: str, status: Optional[int]) -> Record:
    return {"customId": custom_id, "outcome": outcome,
            "error": {"code": code, "message": message[:300], "status": status}}


def record_ok(custom_id: str, parse: Callable[[], Completion]) -> Record:
    try:
        done = parse()
    except WorkerError as err:
        return record_error(custom_id, "errored", err.code.value, err.message, err.status)
    return {"customId": custom_id, "outcome": "succeeded", "reply": done.reply, "reportedModel": done.reported_model,
            "usage": done.usage(), "notes": done.notes}

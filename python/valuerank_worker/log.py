"""JSON-lines logging to stderr. Never pass secrets in fields."""
from __future__ import annotations

import datetime as _dt
import json
import sys
import threading
from typing import Any

_lock = threading.Lock()


def iso_now() -> str:
    now = _dt.datetime.now(_dt.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def log(level: str, msg: str, **fields: Any) -> None:
    record = {"level": level, "msg": msg, "ts": iso_now()}
    record.update(fields)
    try:
        line = json.dumps(record, ensure_ascii=False, default=str, separators=(",", ":"))
    except Exception:  # pragma: no cover
        line = json.dumps({"level": level, "msg": str(msg), "ts": iso_now()})
    with _lock:
        try:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
        except Exception:  # pragma: no cover - stderr closed
            pass

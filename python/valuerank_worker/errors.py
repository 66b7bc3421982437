"""The worker's one error type (a code from the shared enum, with the request id), secret scrubbing, HTTP mapping."""
from __future__ import annotations

import datetime as _dt
import email.utils
import json
import math
from typing import Any, Dict, Iterable, Optional, Union

from .jsontext import partial_string_after
from .vocabulary import ErrorCode

MAX_PROVIDER_MESSAGE = 300
# The longest Retry-After passed on (a day); the scheduler caps it further. "inf", "1e400" or a date in year 9999 mean
# "a long time", not a failure: they become this cap.
MAX_RETRY_AFTER_MS = 86_400_000
RequestId = Union[str, int, None]


class WorkerError(Exception):
    """An error that becomes one protocol error response; request_id is filled in once the request is known."""

    def __init__(self, code: ErrorCode, message: str, retryable: bool = False,
                 retry_after_ms: Optional[int] = None, status: Optional[int] = None,
                 request_id: RequestId = None) -> None:
        super().__init__(message)
        self.code = ErrorCode(code)
        self.message = message
        self.retryable = retryable
        self.retry_after_ms = retry_after_ms
        self.status = status
        self.request_id = request_id

    def to_dict(self) -> Dict[str, Any]:
        return {
            "code": self.code.value,
            "message": self.message,
            "retryable": self.retryable,
            "retryAfterMs": self.retry_after_ms,
            "status": self.status,
        }

    def to_response(self) -> Dict[str, Any]:
        return {"type": "response", "id": self.request_id, "ok": False, "error": self.to_dict()}

    def scrubbed(self, secrets: Iterable[Optional[str]]) -> "WorkerError":
        self.message = scrub(self.message, secrets)
        return self


# Shorter values are not keys anyone can use, and replacing them garbles ordinary words ("k" in "key"); the Node
# logger draws the same line.
MIN_SECRET_LENGTH = 4


def scrub(text: Any, secrets: Iterable[Optional[str]]) -> str:
    """Replace every secret of at least MIN_SECRET_LENGTH characters in text with a redaction marker."""
    out = "" if text is None else str(text)
    for secret in secrets:
        if secret and len(secret) >= MIN_SECRET_LENGTH:
            out = out.replace(secret, "[REDACTED]")
    return out


def truncate(text: str, limit: int = MAX_PROVIDER_MESSAGE) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 3] + "..."


def bad_request(message: str) -> WorkerError:
    return WorkerError(ErrorCode.BAD_REQUEST, message, retryable=False)


def _status_code_for(status: int) -> tuple:
    if status in (401, 403):
        return ErrorCode.AUTH_FAILED, False
    if status == 404:
        return ErrorCode.MODEL_NOT_FOUND, False
    if status in (400, 422):
        return ErrorCode.BAD_REQUEST_TO_PROVIDER, False
    if status == 429:
        return ErrorCode.RATE_LIMITED, True
    if 500 <= status <= 599:
        return ErrorCode.PROVIDER_ERROR, True
    return ErrorCode.PROVIDER_ERROR, False


def parse_retry_after(value: Optional[str], now: Optional[_dt.datetime] = None) -> Optional[int]:
    """Retry-After in either form (delay in seconds, or an HTTP date) -> milliseconds from now; None when absent."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is not None:
        if math.isnan(seconds) or seconds < 0:
            return None
        return MAX_RETRY_AFTER_MS if seconds * 1000 >= MAX_RETRY_AFTER_MS else int(round(seconds * 1000))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return min(MAX_RETRY_AFTER_MS, max(0, int(round((when - now).total_seconds() * 1000))))


def extract_provider_message(body: bytes) -> str:
    """Best-effort extraction of the provider's own error message."""
    text = body.decode("utf-8", errors="replace") if body else ""
    try:
        data = json.loads(text)
    except ValueError:
        # Not JSON, or JSON cut at the cap: the provider's message is still the "message" field when there is one.
        return partial_string_after(text, "message") or text.strip()
    if isinstance(data, list) and data:
        data = data[0]
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return err["message"]
        if isinstance(err, str):
            return err
        if isinstance(data.get("message"), str):
            return data["message"]
    return text.strip()


def http_error(status: int, body: bytes, retry_after: Optional[str],
               provider_name: str, secrets: Iterable[Optional[str]]) -> WorkerError:
    """A non-2xx answer as a typed error naming the provider; Retry-After is honoured on 429 and 503."""
    secrets = list(secrets)
    code, retryable = _status_code_for(status)
    detail = truncate(scrub(extract_provider_message(body), secrets))
    message = f"{provider_name} returned HTTP {status}"
    if detail:
        message += f": {detail}"
    retry_ms = parse_retry_after(retry_after) if status in (429, 503) else None
    return WorkerError(code, scrub(message, secrets), retryable=retryable,
                       retry_after_ms=retry_ms, status=status)

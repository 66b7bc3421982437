"""Structured worker errors and secret scrubbing."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional

MAX_PROVIDER_MESSAGE = 300


class WorkerError(Exception):
    """An error that maps to a protocol error object."""

    def __init__(self, code: str, message: str, retryable: bool = False,
                 retry_after_ms: Optional[int] = None,
                 status: Optional[int] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable
        self.retry_after_ms = retry_after_ms
        self.status = status

    def to_dict(self) -> Dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "retryAfterMs": self.retry_after_ms,
            "status": self.status,
        }

    def scrubbed(self, secrets: Iterable[Optional[str]]) -> "WorkerError":
        self.message = scrub(self.message, secrets)
        return self


def scrub(text: Any, secrets: Iterable[Optional[str]]) -> str:
    """Replace every non-empty secret in text with a redaction marker."""
    out = "" if text is None else str(text)
    for secret in secrets:
        if secret and len(secret) >= 1:
            out = out.replace(secret, "[REDACTED]")
    return out


def truncate(text: str, limit: int = MAX_PROVIDER_MESSAGE) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 3] + "..."


def bad_request(message: str) -> WorkerError:
    return WorkerError("BAD_REQUEST", message, retryable=False)


def _status_code_for(status: int) -> tuple:
    if status in (401, 403):
        return "AUTH_FAILED", False
    if status == 404:
        return "MODEL_NOT_FOUND", False
    if status in (400, 422):
        return "BAD_REQUEST_TO_PROVIDER", False
    if status == 429:
        return "RATE_LIMITED", True
    if 500 <= status <= 599:
        return "PROVIDER_ERROR", True
    return "PROVIDER_ERROR", False


def parse_retry_after(value: Optional[str]) -> Optional[int]:
    """Retry-After in seconds -> milliseconds (HTTP-date form is ignored)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except (ValueError, AttributeError):
        return None
    if seconds < 0:
        return None
    return int(round(seconds * 1000))


def extract_provider_message(body: bytes) -> str:
    """Best-effort extraction of the provider's own error message."""
    import json

    text = body.decode("utf-8", errors="replace") if body else ""
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()
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
               provider_kind: str, secrets: Iterable[Optional[str]]) -> WorkerError:
    code, retryable = _status_code_for(status)
    detail = truncate(scrub(extract_provider_message(body), secrets))
    message = f"{provider_kind} returned HTTP {status}"
    if detail:
        message += f": {detail}"
    retry_ms = parse_retry_after(retry_after) if status == 429 else None
    return WorkerError(code, scrub(message, secrets), retryable=retryable,
                       retry_after_ms=retry_ms, status=status)

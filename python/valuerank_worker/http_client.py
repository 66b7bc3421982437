"""Minimal JSON-over-HTTP client built on http.client.

Keeps a per-thread connection cache keyed by (scheme, host, port). A cached
connection that the peer already closed is detected before reuse, and a
connection that fails while the request is being *sent* is retried once on a
fresh connection (the provider cannot have processed it).
"""
from __future__ import annotations

import http.client
import json
import select
import socket
import ssl
import threading
import urllib.parse
from typing import Any, Dict, Iterable, Optional, Tuple

from .errors import WorkerError, scrub

_local = threading.local()
_ssl_context: Optional[ssl.SSLContext] = None
_ssl_lock = threading.Lock()


class HttpResponse:
    def __init__(self, status: int, headers: Dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers  # lower-cased names
        self.body = body

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name.lower())


def _get_ssl_context() -> ssl.SSLContext:
    global _ssl_context
    with _ssl_lock:
        if _ssl_context is None:
            _ssl_context = ssl.create_default_context()
        return _ssl_context


def _cache() -> Dict[Tuple[str, str, int], http.client.HTTPConnection]:
    cache = getattr(_local, "conns", None)
    if cache is None:
        cache = {}
        _local.conns = cache
    return cache


def close_thread_connections() -> None:
    cache = _cache()
    for conn in list(cache.values()):
        try:
            conn.close()
        except Exception:  # pragma: no cover - best effort
            pass
    cache.clear()


def _split_url(url: str) -> Tuple[str, str, int, str]:
    parts = urllib.parse.urlsplit(url)
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise WorkerError("BAD_REQUEST", f"Unsupported URL scheme: {scheme or '(none)'}")
    host = parts.hostname
    if not host:
        raise WorkerError("BAD_REQUEST", "URL has no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise WorkerError("BAD_REQUEST", "URL has an invalid port")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path


def _new_connection(scheme: str, host: str, port: int,
                    timeout: float) -> http.client.HTTPConnection:
    if scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout,
                                           context=_get_ssl_context())
    return http.client.HTTPConnection(host, port, timeout=timeout)


def _is_stale(conn: http.client.HTTPConnection) -> bool:
    """True if the idle socket is closed or has unexpected data pending."""
    sock = conn.sock
    if sock is None:
        return False  # not connected yet; http.client will connect
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _acquire(scheme: str, host: str, port: int,
             timeout: float) -> Tuple[http.client.HTTPConnection, bool]:
    cache = _cache()
    key = (scheme, host, port)
    conn = cache.get(key)
    if conn is not None and _is_stale(conn):
        try:
            conn.close()
        except Exception:
            pass
        conn = None
    reused = conn is not None and conn.sock is not None
    if conn is None:
        conn = _new_connection(scheme, host, port, timeout)
        cache[key] = conn
    conn.timeout = timeout
    if conn.sock is not None:
        conn.sock.settimeout(timeout)
    return conn, reused


def _discard(scheme: str, host: str, port: int,
             conn: http.client.HTTPConnection) -> None:
    cache = _cache()
    key = (scheme, host, port)
    if cache.get(key) is conn:
        del cache[key]
    try:
        conn.close()
    except Exception:
        pass


def _network_error(exc: BaseException, host: str, secrets: Iterable[Optional[str]]) -> WorkerError:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return WorkerError("TIMEOUT", f"Request to {host} timed out", retryable=True)
    if isinstance(exc, ConnectionRefusedError):
        desc = "connection refused"
    elif isinstance(exc, socket.gaierror):
        desc = "DNS lookup failed"
    elif isinstance(exc, http.client.RemoteDisconnected):
        desc = "remote closed connection without response"
    elif isinstance(exc, ConnectionResetError):
        desc = "connection reset"
    elif isinstance(exc, ssl.SSLError):
        desc = "TLS error"
    else:
        desc = type(exc).__name__
    detail = scrub(str(exc), secrets)
    msg = f"Network error contacting {host}: {desc}"
    if detail and detail != desc:
        msg += f" ({detail[:200]})"
    return WorkerError("NETWORK_ERROR", msg, retryable=True)


def post_json(url: str, payload: Any, headers: Dict[str, str], timeout: float,
              secrets: Iterable[Optional[str]] = ()) -> HttpResponse:
    """POST a JSON body; return the raw response (any status).

    Raises WorkerError with code TIMEOUT or NETWORK_ERROR on transport failure.
    """
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return _request("POST", url, body, headers, timeout, secrets)


def get_json(url: str, headers: Dict[str, str], timeout: float,
             secrets: Iterable[Optional[str]] = ()) -> HttpResponse:
    """GET a JSON resource (model lists); return the raw response (any status)."""
    return _request("GET", url, None, headers, timeout, secrets)


def _request(method: str, url: str, body: Optional[bytes], headers: Dict[str, str],
             timeout: float, secrets: Iterable[Optional[str]]) -> HttpResponse:
    secrets = list(secrets)
    scheme, host, port, path = _split_url(url)
    all_headers = {
        "Accept": "application/json",
        "User-Agent": "valuerank-worker/1",
    }
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers)
    timeout = max(0.001, float(timeout))

    attempts = 0
    while True:
        attempts += 1
        conn, reused = _acquire(scheme, host, port, timeout)
        sent = False
        try:
            conn.request(method, path, body=body, headers=all_headers)
            sent = True
            resp = conn.getresponse()
            data = resp.read()
            resp_headers = {k.lower(): v for k, v in resp.getheaders()}
            status = resp.status
            if resp.will_close:
                _discard(scheme, host, port, conn)
            return HttpResponse(status, resp_headers, data)
        except (OSError, http.client.HTTPException) as exc:
            _discard(scheme, host, port, conn)
            is_timeout = isinstance(exc, (socket.timeout, TimeoutError))
            if reused and not sent and not is_timeout and attempts == 1:
                continue  # stale keep-alive connection; retry once fresh
            raise _network_error(exc, host, secrets) from None

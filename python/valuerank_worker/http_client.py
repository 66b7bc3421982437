"""Minimal JSON-over-HTTP client built on http.client, with one total deadline and a cap on what is read.

Keeps a per-thread connection cache keyed by (scheme, host, port). A cached connection that the peer already closed
is detected before reuse, and a connection that fails while the request is being *sent* is retried once on a fresh
connection (the provider cannot have processed it). Every request has one deadline for connect, send, headers and
body together: a watchdog shuts the socket down when it passes, so a provider that drips a byte a second cannot keep
a thread and a socket busy past it. At most `max_bytes` of a body are read; the rest is never read (the response is
marked truncated and its connection dropped).
"""
from __future__ import annotations

import http.client
import json
import select
import socket
import ssl
import threading
import time
import urllib.parse
from typing import Any, Dict, Iterable, Optional, Tuple

from .errors import WorkerError, scrub
from .vocabulary import ErrorCode

_local = threading.local()
_ssl_context: Optional[ssl.SSLContext] = None
_ssl_lock = threading.Lock()
READ_CHUNK = 65536
# An error answer only needs its message: never read more of it than this.
MAX_ERROR_BODY = 64 * 1024


class Deadline:
    """One point in time a whole attempt must finish by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.001, float(seconds))
        self._at = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self._at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0


class HttpResponse:
    def __init__(self, status: int, headers: Dict[str, str], body: bytes, truncated: bool = False) -> None:
        self.status = status
        self.headers = headers  # lower-cased names
        self.body = body
        self.truncated = truncated  # True when the body went on past max_bytes (body holds the first max_bytes)

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
        raise WorkerError(ErrorCode.BAD_REQUEST, f"Unsupported URL scheme: {scheme or '(none)'}")
    host = parts.hostname
    if not host:
        raise WorkerError(ErrorCode.BAD_REQUEST, "URL has no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise WorkerError(ErrorCode.BAD_REQUEST, "URL has an invalid port")
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
        return WorkerError(ErrorCode.TIMEOUT, f"Request to {host} timed out", retryable=True)
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
    return WorkerError(ErrorCode.NETWORK_ERROR, msg, retryable=True)


def _timeout_error(host: str, deadline: Deadline) -> WorkerError:
    return WorkerError(ErrorCode.TIMEOUT, f"Request to {host} took longer than {deadline.seconds:g} s",
                       retryable=True)


def post_json(url: str, payload: Any, headers: Dict[str, str], deadline: Deadline, max_bytes: int,
              secrets: Iterable[Optional[str]] = ()) -> HttpResponse:
    """POST a JSON body; return the raw response (any status).

    Raises WorkerError with code TIMEOUT or NETWORK_ERROR on transport failure.
    """
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return _request("POST", url, body, headers, deadline, max_bytes, secrets)


def get_json(url: str, headers: Dict[str, str], deadline: Deadline, max_bytes: int,
             secrets: Iterable[Optional[str]] = ()) -> HttpResponse:
    """GET a JSON resource (model lists); return the raw response (any status)."""
    return _request("GET", url, None, headers, deadline, max_bytes, secrets)


class _Watchdog:
    """Shuts a connection's socket down when the deadline passes, waking any read blocked on it."""

    def __init__(self, conn: http.client.HTTPConnection, deadline: Deadline) -> None:
        self.fired = threading.Event()
        self._conn = conn
        self._timer = threading.Timer(max(0.0, deadline.remaining()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired.set()
        sock = self._conn.sock
        if sock is not None:
            try:
                # The plain socket's shutdown, also for TLS: it must not touch the SSL object another thread is using.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self._timer.cancel()


def _set_timeout(conn: http.client.HTTPConnection, deadline: Deadline) -> None:
    remaining = deadline.remaining()
    if remaining <= 0:
        raise socket.timeout("deadline passed")
    if conn.sock is not None:
        conn.sock.settimeout(remaining)


def _read_capped(resp: http.client.HTTPResponse, conn: http.client.HTTPConnection, deadline: Deadline,
                 max_bytes: int) -> Tuple[bytes, bool]:
    """At most max_bytes of the body, and whether there was more (which is left unread)."""
    chunks = []
    size = 0
    while size <= max_bytes:
        _set_timeout(conn, deadline)
        chunk = resp.read1(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if size > max_bytes:
        return data[:max_bytes], True
    resp.read()  # nothing is left: this marks the response done, so its keep-alive connection can be reused
    return data, False


def _request(method: str, url: str, body: Optional[bytes], headers: Dict[str, str], deadline: Deadline,
             max_bytes: int, secrets: Iterable[Optional[str]]) -> HttpResponse:
    secrets = list(secrets)
    scheme, host, port, path = _split_url(url)
    all_headers = {
        "Accept": "application/json",
        "User-Agent": "valuerank-worker/1",
    }
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers)

    attempts = 0
    while True:
        attempts += 1
        if deadline.expired():
            raise _timeout_error(host, deadline)
        conn, reused = _acquire(scheme, host, port, max(0.001, deadline.remaining()))
        watchdog = _Watchdog(conn, deadline)
        sent = False
        try:
            conn.request(method, path, body=body, headers=all_headers)
            sent = True
            _set_timeout(conn, deadline)
            resp = conn.getresponse()
            ok = 200 <= resp.status < 300
            data, truncated = _read_capped(resp, conn, deadline, max_bytes if ok else MAX_ERROR_BODY)
            if watchdog.fired.is_set():
                raise socket.timeout("deadline passed")
            resp_headers = {k.lower(): v for k, v in resp.getheaders()}
            if resp.will_close or truncated:
                _discard(scheme, host, port, conn)
            return HttpResponse(resp.status, resp_headers, data, truncated and ok)
        except (OSError, http.client.HTTPException) as exc:
            _discard(scheme, host, port, conn)
            if watchdog.fired.is_set() or deadline.expired():
                raise _timeout_error(host, deadline) from None
            is_timeout = isinstance(exc, (socket.timeout, TimeoutError))
            if reused and not sent and not is_timeout and attempts == 1:
                continue  # stale keep-alive connection; retry once fresh
            raise _network_error(exc, host, secrets) from None
        finally:
            watchdog.cancel()

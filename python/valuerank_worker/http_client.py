"""Minimal JSON-over-HTTP/1.1 client on asyncio streams, with one total deadline and a cap on what is read.

One event loop serves every request in flight (threads cost the worker more CPU per request than the work itself).
Idle keep-alive connections are pooled per event loop and per (scheme, host, port). A pooled connection the peer
already closed is dropped before reuse, and a connection that fails while the request is being *sent* is retried
once on a fresh connection (the provider cannot have processed it). Every request has one deadline for connect, send,
headers and body together: when it passes, the request's task is cancelled and its socket aborted, so a provider
that drips a byte a second cannot keep a socket busy past it. Bodies framed by Content-Length, chunked transfer
encoding or the end of the connection are read up to `max_bytes`; the rest is never read (the response is marked
truncated and its connection dropped). No proxy support: the worker always talked to providers directly.
"""
from __future__ import annotations

import asyncio
import json
import socket
import ssl
import time
import urllib.parse
import weakref
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from .errors import WorkerError, scrub
from .vocabulary import ErrorCode

_ssl_context: Optional[ssl.SSLContext] = None
# An error answer only needs its message: never read more of it than this.
MAX_ERROR_BODY = 64 * 1024
# Longest status line plus headers accepted from a provider.
MAX_HEAD_BYTES = 256 * 1024
_STREAM_LIMIT = MAX_HEAD_BYTES

Key = Tuple[str, str, int]


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


class _ProtocolError(Exception):
    """The provider's bytes are not HTTP/1.x as this client reads it."""


class _Conn:
    __slots__ = ("reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    def usable(self) -> bool:
        """False once the peer closed or reset the idle connection (the loop has already seen it)."""
        return not (self.writer.is_closing() or self.reader.at_eof() or self.reader.exception() is not None)

    def abort(self) -> None:
        transport = self.writer.transport
        if not transport.is_closing():
            transport.abort()


# Idle connections of each event loop: a connection belongs to the loop that opened it.
_pools: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Dict[Key, List[_Conn]]]" = weakref.WeakKeyDictionary()


def _pool() -> Dict[Key, List[_Conn]]:
    loop = asyncio.get_running_loop()
    pool = _pools.get(loop)
    if pool is None:
        pool = {}
        _pools[loop] = pool
    return pool


async def close_connections() -> None:
    """Closes every idle connection of the running loop."""
    pool = _pool()
    for conns in pool.values():
        for conn in conns:
            conn.abort()
    pool.clear()


def _get_ssl_context() -> ssl.SSLContext:
    global _ssl_context
    if _ssl_context is None:
        _ssl_context = ssl.create_default_context()
    return _ssl_context


def _split_url(url: str) -> Tuple[str, str, int, str, str]:
    """(scheme, host, port, path with query, Host header value)."""
    parts = urllib.parse.urlsplit(url)
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise WorkerError(ErrorCode.BAD_REQUEST, f"Unsupported URL scheme: {scheme or '(none)'}")
    host = parts.hostname
    if not host:
        raise WorkerError(ErrorCode.BAD_REQUEST, "URL has no host")
    try:
        explicit = parts.port
    except ValueError:
        raise WorkerError(ErrorCode.BAD_REQUEST, "URL has an invalid port") from None
    port = explicit or (443 if scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host_header = f"[{host}]" if ":" in host else host
    if explicit and explicit != (443 if scheme == "https" else 80):
        host_header += f":{explicit}"
    return scheme, host, port, path, host_header


def _network_error(exc: BaseException, host: str, secrets: Iterable[Optional[str]]) -> WorkerError:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return WorkerError(ErrorCode.TIMEOUT, f"Request to {host} timed out", retryable=True)
    if isinstance(exc, ConnectionRefusedError):
        desc = "connection refused"
    elif isinstance(exc, socket.gaierror):
        desc = "DNS lookup failed"
    elif isinstance(exc, asyncio.IncompleteReadError) and not exc.partial:
        desc = "remote closed connection without response"
    elif isinstance(exc, (asyncio.IncompleteReadError, ConnectionResetError)):
        desc = "connection reset"
    elif isinstance(exc, ssl.SSLError):
        desc = "TLS error"
    elif isinstance(exc, (_ProtocolError, asyncio.LimitOverrunError)):
        desc = "invalid HTTP response"
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


async def post_json(url: str, payload: Any, headers: Dict[str, str], deadline: Deadline, max_bytes: int,
                    secrets: Iterable[Optional[str]] = ()) -> HttpResponse:
    """POST a JSON body; return the raw response (any status).

    Raises WorkerError with code TIMEOUT or NETWORK_ERROR on transport failure.
    """
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return await _request("POST", url, body, headers, deadline, max_bytes, secrets)


async def get_json(url: str, headers: Dict[str, str], deadline: Deadline, max_bytes: int,
                   secrets: Iterable[Optional[str]] = ()) -> HttpResponse:
    """GET a JSON resource (model lists); return the raw response (any status)."""
    return await _request("GET", url, None, headers, deadline, max_bytes, secrets)


def _head_bytes(method: str, path: str, host_header: str, body: Optional[bytes], headers: Dict[str, str],
                content_type: str = "application/json") -> bytes:
    all_headers = {"Host": host_header, "Accept": "application/json", "User-Agent": "valuerank-worker/1"}
    if body is not None:
        all_headers["Content-Type"] = content_type
        all_headers["Content-Length"] = str(len(body))
    all_headers.update(headers)
    lines = [f"{method} {path} HTTP/1.1"]
    for name, value in all_headers.items():
        value = str(value)
        if any(c in name or c in value for c in "\r\n\0") or not name or ":" in name:
            raise WorkerError(ErrorCode.BAD_REQUEST, f"Invalid HTTP header {name!r}")
        lines.append(f"{name}: {value}")
    try:
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    except UnicodeEncodeError:
        raise WorkerError(ErrorCode.BAD_REQUEST, "HTTP headers must be Latin-1 text (check the API key)") from None


# Told of every connection about to be opened (the protocol loop reports it to the app, in order with the responses).
connect_hook: Optional[Callable[[str, int, str], None]] = None


async def _connect(scheme: str, host: str, port: int) -> _Conn:
    # Every connection this process opens is announced (System Health lists the hosts contacted since start-up).
    if connect_hook is not None:
        connect_hook(host, port, scheme)
    if scheme == "https":
        reader, writer = await asyncio.open_connection(host, port, ssl=_get_ssl_context(), server_hostname=host,
                                                       limit=_STREAM_LIMIT)
    else:
        reader, writer = await asyncio.open_connection(host, port, limit=_STREAM_LIMIT)
    return _Conn(reader, writer)


async def request(method: str, url: str, body: Optional[bytes], headers: Dict[str, str], deadline: Deadline,
                  max_bytes: int, secrets: Iterable[Optional[str]] = (),
                  content_type: str = "application/json") -> HttpResponse:
    """Any method with a body already encoded (a multipart upload, a DELETE); the raw response (any status)."""
    return await _request(method, url, body, headers, deadline, max_bytes, secrets, content_type)


async def _request(method: str, url: str, body: Optional[bytes], headers: Dict[str, str], deadline: Deadline,
                   max_bytes: int, secrets: Iterable[Optional[str]],
                   content_type: str = "application/json") -> HttpResponse:
    secrets = list(secrets)
    scheme, host, port, path, host_header = _split_url(url)
    data = _head_bytes(method, path, host_header, body, headers, content_type)
    if body:
        data += body
    key = (scheme, host, port)
    pool = _pool()
    loop = asyncio.get_running_loop()
    current = asyncio.current_task()
    assert current is not None
    task: "asyncio.Task[Any]" = current
    fired = False

    def on_deadline() -> None:
        nonlocal fired
        fired = True
        task.cancel()

    attempts = 0
    while True:
        attempts += 1
        remaining = deadline.remaining()
        if remaining <= 0:
            raise _timeout_error(host, deadline)
        timer = loop.call_later(remaining, on_deadline)
        conn: Optional[_Conn] = None
        reused = False
        sent = False
        try:
            idle = pool.get(key)
            while idle:
                candidate = idle.pop()
                if candidate.usable():
                    conn, reused = candidate, True
                    break
                candidate.abort()
            if conn is None:
                conn = await _connect(scheme, host, port)
            conn.writer.write(data)
            if conn.writer.transport.get_write_buffer_size() > 65536:
                await conn.writer.drain()
            sent = True
            status, resp_headers, will_close = await _read_head(conn.reader)
            ok = 200 <= status < 300
            payload, truncated = await _read_body(conn.reader, resp_headers, max_bytes if ok else MAX_ERROR_BODY)
        except asyncio.CancelledError:
            if conn is not None:
                conn.abort()
            if not fired:
                raise  # the worker is shutting down: not ours to answer
            uncancel = getattr(task, "uncancel", None)
            if uncancel is not None:
                uncancel()
            raise _timeout_error(host, deadline) from None
        except (OSError, EOFError, asyncio.LimitOverrunError, _ProtocolError, ValueError) as exc:
            if conn is not None:
                conn.abort()
            if deadline.expired():
                raise _timeout_error(host, deadline) from None
            if reused and not sent and attempts == 1:
                continue  # stale keep-alive connection; retry once fresh
            raise _network_error(exc, host, secrets) from None
        finally:
            timer.cancel()
        if will_close or truncated or resp_headers.get("connection", "").lower() == "close":
            conn.abort()
        else:
            pool.setdefault(key, []).append(conn)
        return HttpResponse(status, resp_headers, payload, truncated and ok)


async def _read_head(reader: asyncio.StreamReader) -> Tuple[int, Dict[str, str], bool]:
    """Status, lower-cased headers, and whether the connection ends with this response (1xx answers skipped)."""
    while True:
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw[:-4].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise _ProtocolError(f"bad status line {lines[0][:80]!r}")
        status = int(parts[1])
        if 100 <= status < 200:
            continue
        headers: Dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep:
                raise _ProtocolError(f"bad header line {line[:80]!r}")
            headers[name.strip().lower()] = value.strip()
        will_close = parts[0] == "HTTP/1.0" and headers.get("connection", "").lower() != "keep-alive"
        return status, headers, will_close


async def _read_body(reader: asyncio.StreamReader, headers: Dict[str, str], cap: int) -> Tuple[bytes, bool]:
    """At most `cap` bytes of the body, and whether there was more (left unread; the caller drops the connection)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader, cap)
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise _ProtocolError(f"bad Content-Length {length[:40]!r}")
        n = int(length)
        if n > cap:
            return await reader.readexactly(cap), True
        return await reader.readexactly(n), False
    # No framing: the body runs to the end of the connection.
    chunks: List[bytes] = []
    size = 0
    while size <= cap:
        chunk = await reader.read(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    headers["connection"] = "close"
    return (data[:cap], True) if size > cap else (data, False)


async def _read_chunked(reader: asyncio.StreamReader, cap: int) -> Tuple[bytes, bool]:
    chunks: List[bytes] = []
    size = 0
    while True:
        line = await reader.readuntil(b"\r\n")
        size_text = line.split(b";", 1)[0].strip()
        try:
            n = int(size_text, 16)
        except ValueError:
            raise _ProtocolError(f"bad chunk size {size_text[:20]!r}") from None
        if n == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass  # trailers
            return b"".join(chunks), False
        if size + n > cap:
            chunks.append(await reader.readexactly(cap - size))
            return b"".join(chunks), True
        chunks.append(await reader.readexactly(n))
        size += n
        if await reader.readexactly(2) != b"\r\n":
            raise _ProtocolError("chunk not followed by CRLF")

"""GET a (possibly gigabyte) body straight to a file: read in blocks, written to `path.part`, renamed when whole.

A batch's result file never fits the answer cap of http_client (and must not sit in memory): this streams it. The
connection is not pooled; the one deadline covers the whole transfer.
"""
from __future__ import annotations

import asyncio
import os
from typing import BinaryIO, Dict, Iterable, Optional, Tuple

from .http_client import (MAX_ERROR_BODY, Deadline, HttpResponse, _connect, _head_bytes, _network_error,
                          _ProtocolError, _read_head, _split_url, _timeout_error)

BLOCK = 1 << 20


async def download(url: str, headers: Dict[str, str], path: str, deadline: Deadline,
                   secrets: Iterable[Optional[str]] = ()) -> Tuple[HttpResponse, int]:
    """(response, bytes written). On 2xx the body is at `path` (whole, or not there at all); otherwise the response
    carries the start of the error body and nothing is written."""
    secrets = list(secrets)
    scheme, host, port, target, host_header = _split_url(url)
    head = _head_bytes("GET", target, host_header, None, {"Accept": "*/*", **headers})
    try:
        return await asyncio.wait_for(_fetch(scheme, host, port, head, path), timeout=max(0.001, deadline.remaining()))
    except asyncio.TimeoutError:
        raise _timeout_error(host, deadline) from None
    except (OSError, EOFError, asyncio.LimitOverrunError, _ProtocolError, ValueError) as exc:
        raise _network_error(exc, host, secrets) from None


async def _fetch(scheme: str, host: str, port: int, head: bytes, path: str) -> Tuple[HttpResponse, int]:
    conn = await _connect(scheme, host, port)
    try:
        conn.writer.write(head)
        await conn.writer.drain()
        status, headers, _ = await _read_head(conn.reader)
        if not 200 <= status < 300:
            body = await conn.reader.read(MAX_ERROR_BODY)
            return HttpResponse(status, headers, body), 0
        part = path + ".part"
        with open(part, "wb") as sink:
            written = await _copy_body(conn.reader, headers, sink)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(part, path)
        return HttpResponse(status, headers, b""), written
    finally:
        conn.abort()


async def _copy_body(reader: asyncio.StreamReader, headers: Dict[str, str], sink: BinaryIO) -> int:
    written = 0
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            line = await reader.readuntil(b"\r\n")
            try:
                n = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _ProtocolError("bad chunk size") from None
            if n == 0:
                return written
            while n > 0:
                block = await reader.readexactly(min(n, BLOCK))
                sink.write(block)
                written += len(block)
                n -= len(block)
            if await reader.readexactly(2) != b"\r\n":
                raise _ProtocolError("chunk not followed by CRLF")
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise _ProtocolError("bad Content-Length")
        remaining = int(length)
        while remaining > 0:
            block = await reader.readexactly(min(remaining, BLOCK))
            sink.write(block)
            written += len(block)
            remaining -= len(block)
        return written
    while True:
        block = await reader.read(BLOCK)
        if not block:
            return written
        sink.write(block)
        written += len(block)

"""JSON-lines request/response loop over stdin/stdout, on one asyncio event loop.

Requests are read from stdin as they arrive and each runs as a task (at most `concurrency` at once); responses
finished in the same turn of the loop leave in one write to stdout.
"""
from __future__ import annotations

import asyncio
import json
import os
import platform
import stat
import sys
import threading
import traceback
from typing import Any, Awaitable, Callable, Dict, IO, List, Optional, Set, Tuple

from . import PROTOCOL_VERSION, http_client
from .errors import WorkerError, bad_request, scrub
from .log import log
from .vocabulary import ErrorCode
from .catalog import check_provider, list_models
from .probe import probe_scenario
from .reextract import extract_decisions
from .batches import METHODS as BATCH_METHODS


async def _ping(_params: Any) -> Dict[str, Any]:
    return {"pong": True}


METHODS: Dict[str, Callable[[Any], Awaitable[Dict[str, Any]]]] = {
    "ping": _ping,
    "probe_scenario": probe_scenario,
    "list_models": list_models,
    "check_provider": check_provider,
    "extract_decisions": extract_decisions,
    **BATCH_METHODS,
}


def _secrets_of(params: Any) -> list:
    try:
        key = params["provider"]["apiKey"]
        return [key] if isinstance(key, str) and key else []
    except (KeyError, TypeError):
        return []


class Writer:
    """Line writer for protocol messages: lines sent within one turn of the event loop leave in one write."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._pending: List[bytes] = []
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self.broken = False

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """From now on, batch lines and write them at the end of the loop's current turn."""
        self._loop = loop

    def send(self, obj: Dict[str, Any]) -> None:
        data = (json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        if self._loop is None:
            self._write(data)
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            self._write(data)

    def _write(self, data: bytes) -> None:
        if self.broken:
            return
        try:
            self._stream.write(data)
            self._stream.flush()
        except (BrokenPipeError, OSError, ValueError):
            self.broken = True


async def handle(req_id: Any, method: str, params: Any) -> Dict[str, Any]:
    """Run one request; always returns a response object (never raises, except when cancelled)."""
    secrets = _secrets_of(params)
    fn = METHODS.get(method)
    try:
        if fn is None:
            raise WorkerError(ErrorCode.UNKNOWN_METHOD, f"Unknown method: {method}")
        return {"type": "response", "id": req_id, "ok": True, "result": await fn(params)}
    except WorkerError as err:
        err.request_id = req_id
        return err.scrubbed(secrets).to_response()
    except Exception as exc:  # noqa: BLE001 - last-resort guard
        tb = scrub(traceback.format_exc(limit=8), secrets)
        log("error", "unexpected exception", id=req_id, method=method,
            error=type(exc).__name__, traceback=tb)
        return _internal(req_id, exc)


def _internal(req_id: Any, exc: BaseException) -> Dict[str, Any]:
    return WorkerError(ErrorCode.INTERNAL_ERROR, f"Internal worker error ({type(exc).__name__})",
                       request_id=req_id).to_response()


def parse_line(line: str) -> Tuple[Any, str, Any]:
    """Return (req_id, method, params) or raise WorkerError(BAD_REQUEST) carrying the id when there is one."""
    try:
        obj = json.loads(line)
    except ValueError:
        raise bad_request("Request line is not valid JSON") from None
    req_id = None
    if isinstance(obj, dict):
        raw_id = obj.get("id")
        if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
            req_id = raw_id
    if not isinstance(obj, dict) or req_id is None or not isinstance(obj.get("method"), str):
        err = bad_request("Request must be an object with string id and method")
        err.request_id = req_id
        raise err
    params = obj.get("params")
    if params is None:
        params = {}
    return req_id, obj["method"], params


def ready_message() -> Dict[str, Any]:
    return {"type": "ready", "protocol": PROTOCOL_VERSION,
            "python": platform.python_version(), "pid": os.getpid()}


class _Lines(asyncio.Protocol):
    """Splits what arrives on stdin into lines and hands each to `on_line`; `done` resolves at end of input."""

    def __init__(self, on_line: Callable[[bytes], None], done: "asyncio.Future[None]") -> None:
        self._on_line = on_line
        self._done = done
        self._rest = b""

    def data_received(self, data: bytes) -> None:
        lines = (self._rest + data).split(b"\n") if self._rest else data.split(b"\n")
        self._rest = lines.pop()
        for line in lines:
            self._on_line(line)

    def eof_received(self) -> Optional[bool]:
        self._finish()
        return None

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self._finish()

    def _finish(self) -> None:
        if self._rest:
            rest, self._rest = self._rest, b""
            self._on_line(rest)
        if not self._done.done():
            self._done.set_result(None)


def _is_pipe(stream: IO[bytes]) -> bool:
    """A pipe or socket the loop can watch without making a terminal shared with stdout non-blocking."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _read_in_thread(stdin: IO[bytes], loop: asyncio.AbstractEventLoop, lines: _Lines) -> None:
    """For a stdin the loop cannot watch (a regular file): a thread reads it and feeds the loop."""
    def run() -> None:
        try:
            while True:
                chunk = stdin.read1(65536) if hasattr(stdin, "read1") else stdin.read(65536)
                if not chunk:
                    break
                loop.call_soon_threadsafe(lines.data_received, chunk)
        except (OSError, ValueError):
            pass
        loop.call_soon_threadsafe(lines.eof_received)
    threading.Thread(target=run, name="vr-stdin", daemon=True).start()


async def _serve(concurrency: int, stdin: IO[bytes], writer: Writer) -> int:
    loop = asyncio.get_running_loop()
    writer.attach(loop)
    slots = asyncio.Semaphore(concurrency)
    in_flight: Set["asyncio.Task[None]"] = set()

    async def run(req_id: Any, method: str, params: Any) -> None:
        async with slots:
            response = await handle(req_id, method, params)
        try:
            writer.send(response)
        except Exception as exc:  # e.g. result not JSON-serializable
            log("error", "failed to send response", id=req_id, error=type(exc).__name__)
            writer.send(_internal(req_id, exc))

    def on_line(raw: bytes) -> None:
        line = raw.decode("utf-8", errors="replace").strip()
        if not line:
            return
        try:
            req_id, method, params = parse_line(line)
        except WorkerError as err:
            writer.send(err.to_response())
            return
        task = loop.create_task(run(req_id, method, params))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)

    done: "asyncio.Future[None]" = loop.create_future()
    lines = _Lines(on_line, done)
    if _is_pipe(stdin):
        await loop.connect_read_pipe(lambda: lines, stdin)
    else:
        _read_in_thread(stdin, loop, lines)
    writer.send(ready_message())
    writer.flush()
    log("info", "worker ready", concurrency=concurrency, pid=os.getpid())
    await done
    writer.flush()
    return len(in_flight)


def serve(threads: int, stdin: Optional[IO[bytes]] = None,
          stdout: Optional[IO[bytes]] = None) -> int:
    """Answer requests until stdin ends. The end of stdin means the parent is gone (or wants us gone): requests
    still in flight are abandoned, not awaited, and the caller exits the process at once. `threads` is the most
    requests handled at once (the name predates the event loop)."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    writer = Writer(stdout if stdout is not None else sys.stdout.buffer)
    http_client.connect_hook = lambda host, port, scheme: writer.send(
        {"type": "contact", "host": host, "port": port, "scheme": scheme})
    loop = asyncio.new_event_loop()
    abandoned = 0
    try:
        abandoned = loop.run_until_complete(_serve(max(1, int(threads)), stdin, writer))
    except KeyboardInterrupt:
        log("info", "interrupted")
    # The loop is left as it is: its tasks wait on providers nobody will read, and the process exits next.
    log("info", "stdin closed; worker exiting", abandoned=abandoned, cpuMs=round(_cpu_ms(), 1))
    return 0


def _cpu_ms() -> float:
    """This process's CPU time (user + system), for the bench's per-job figures."""
    times = os.times()
    return (times.user + times.system) * 1000.0

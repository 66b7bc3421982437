"""JSON-lines request/response loop over stdin/stdout."""
from __future__ import annotations

import concurrent.futures
import json
import os
import platform
import sys
import threading
import traceback
from typing import Any, Callable, Dict, IO, Optional, Set, Tuple

from . import PROTOCOL_VERSION
from .errors import WorkerError, bad_request, scrub
from .log import log
from .vocabulary import ErrorCode
from .catalog import check_provider, list_models
from .probe import probe_scenario


def _ping(_params: Any) -> Dict[str, Any]:
    return {"pong": True}


METHODS: Dict[str, Callable[[Any], Dict[str, Any]]] = {
    "ping": _ping,
    "probe_scenario": probe_scenario,
    "list_models": list_models,
    "check_provider": check_provider,
}


def _secrets_of(params: Any) -> list:
    try:
        key = params["provider"]["apiKey"]
        return [key] if isinstance(key, str) and key else []
    except (KeyError, TypeError):
        return []


class Writer:
    """Thread-safe line writer for protocol messages."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.broken = False

    def send(self, obj: Dict[str, Any]) -> None:
        data = (json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            if self.broken:
                return
            try:
                self._stream.write(data)
                self._stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.broken = True


def handle(req_id: Any, method: str, params: Any) -> Dict[str, Any]:
    """Run one request; always returns a response object (never raises)."""
    secrets = _secrets_of(params)
    fn = METHODS.get(method)
    try:
        if fn is None:
            raise WorkerError(ErrorCode.UNKNOWN_METHOD, f"Unknown method: {method}")
        return {"type": "response", "id": req_id, "ok": True, "result": fn(params)}
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


def serve(threads: int, stdin: Optional[IO[bytes]] = None,
          stdout: Optional[IO[bytes]] = None) -> int:
    """Answer requests until stdin ends. The end of stdin means the parent is gone (or wants us gone): requests
    still in flight are abandoned, not awaited, and the caller exits the process at once."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    writer = Writer(stdout if stdout is not None else sys.stdout.buffer)
    threads = max(1, int(threads))

    def run(req_id: Any, method: str, params: Any) -> None:
        try:
            writer.send(handle(req_id, method, params))
        except Exception as exc:  # e.g. result not JSON-serializable
            log("error", "failed to send response", id=req_id, error=type(exc).__name__)
            writer.send(_internal(req_id, exc))

    in_flight: Set[concurrent.futures.Future] = set()
    executor = concurrent.futures.ThreadPoolExecutor(
        max_workers=threads, thread_name_prefix="vr-worker",
        initializer=None)
    writer.send(ready_message())
    log("info", "worker ready", threads=threads, pid=os.getpid())
    try:
        for raw in stdin:
            line = raw.decode("utf-8", errors="replace").strip()
            if not line:
                continue
            try:
                req_id, method, params = parse_line(line)
            except WorkerError as err:
                writer.send(err.to_response())
                continue
            future = executor.submit(run, req_id, method, params)
            in_flight.add(future)
            future.add_done_callback(in_flight.discard)
    except KeyboardInterrupt:
        log("info", "interrupted")
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    log("info", "stdin closed; worker exiting", abandoned=len(in_flight))
    return 0

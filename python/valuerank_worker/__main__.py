"""Entry point: python3 -u -m valuerank_worker --threads N"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import List, Optional

from .protocol import serve


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="valuerank_worker")
    parser.add_argument("--threads", type=int, default=4,
                        help="max concurrent requests (default 4)")
    args = parser.parse_args(argv)
    if args.threads < 1:
        parser.error("--threads must be >= 1")
    # Ctrl-C in a terminal reaches the whole process group. The parent decides when this worker stops (it finishes or
    # hands back the jobs in flight, then closes stdin, which ends the worker at once); dying on SIGINT would fail the
    # requests in flight as crashes and charge them an attempt.
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return serve(args.threads)


if __name__ == "__main__":
    code = main()
    # Tasks may still be waiting on providers for requests nobody will read (and a stdin reader thread may block):
    # leave at once without waiting for them.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)

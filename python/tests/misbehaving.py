"""A stdlib HTTP server for what the shared fake provider cannot do: drip bytes slowly, stream without end, or send
token counts no real provider would."""
import json
import socket
import threading
import time


class MisbehavingServer:
    """Answers every connection with `behavior(conn)`; records whether the client went away."""

    def __init__(self, behavior):
        self.behavior = behavior
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.client_gone = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn:
            _read_request(conn)
            try:
                self.behavior(conn)
            except OSError:
                self.client_gone.set()

    def close(self):
        self.sock.close()


def _read_request(conn):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(rest) < length:
        rest += conn.recv(65536)


def drip(data, every_s=0.2, limit_s=30):
    """Sends `data` one byte at a time; stops after limit_s so a broken client fails the test instead of hanging."""
    def behavior(conn):
        end = time.monotonic() + limit_s
        for i in range(len(data)):
            if time.monotonic() > end:
                return
            conn.sendall(data[i:i + 1])
            time.sleep(every_s)
    return behavior


def endless_reply(prefix, limit_bytes=512 * 1024 * 1024):
    """A 200 with chunked JSON whose reply string never ends (up to limit_bytes, far beyond any cap in the tests)."""
    def behavior(conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        first = prefix.encode("utf-8")
        conn.sendall(b"%x\r\n%s\r\n" % (len(first), first))
        chunk = b"abc " * 16384
        sent = 0
        while sent < limit_bytes:
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
    return behavior


def json_answer(body, status=200, headers=()):
    def behavior(conn):
        data = json.dumps(body).encode("utf-8")
        head = "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" % (status, len(data))
        head += "".join("%s: %s\r\n" % h for h in headers)
        conn.sendall(head.encode("latin-1") + b"\r\n" + data)
    return behavior

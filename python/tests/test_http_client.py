import json
import socket
import threading
import unittest

import datetime

from valuerank_worker import http_client
from valuerank_worker.http_client import Deadline
from valuerank_worker.errors import MAX_RETRY_AFTER_MS, WorkerError, http_error, parse_retry_after, scrub
from tests.helpers import close_connections, run


def _response(body):
    data = json.dumps(body).encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(data)).encode() + b"\r\n\r\n" + data)


class OneShotServer:
    """Answers one request per connection, then closes it without 'Connection: close'."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                buf = b""
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    buf += chunk
                head, _, rest = buf.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                while len(rest) < length:
                    rest += conn.recv(65536)
                conn.sendall(_response({"n": self.connections}))

    def close(self):
        self.sock.close()


class HttpClientTests(unittest.TestCase):
    def tearDown(self):
        close_connections()

    def test_stale_keepalive_connection_is_replaced(self):
        server = OneShotServer()
        try:
            url = "http://127.0.0.1:%d/x" % server.port
            first = run(http_client.post_json(url, {"a": 1}, {}, Deadline(5), 1 << 20))
            import time
            time.sleep(0.1)  # let the server close its side
            second = run(http_client.post_json(url, {"a": 2}, {}, Deadline(5), 1 << 20))
            self.assertEqual(json.loads(first.body), {"n": 1})
            self.assertEqual(json.loads(second.body), {"n": 2})
        finally:
            server.close()

    def test_bad_scheme(self):
        with self.assertRaises(WorkerError) as ctx:
            run(http_client.post_json("ftp://example.com/x", {}, {}, Deadline(1), 1 << 20))
        self.assertEqual(ctx.exception.code, "BAD_REQUEST")

    def test_dns_failure_is_network_error(self):
        with self.assertRaises(WorkerError) as ctx:
            run(http_client.post_json("http://nonexistent.invalid/x", {}, {}, Deadline(3), 1 << 20))
        self.assertIn(ctx.exception.code, ("NETWORK_ERROR", "TIMEOUT"))
        self.assertTrue(ctx.exception.retryable)


class ErrorMappingTests(unittest.TestCase):
    def test_status_mapping(self):
        cases = {401: ("AUTH_FAILED", False), 403: ("AUTH_FAILED", False),
                 404: ("MODEL_NOT_FOUND", False), 400: ("BAD_REQUEST_TO_PROVIDER", False),
                 422: ("BAD_REQUEST_TO_PROVIDER", False), 429: ("RATE_LIMITED", True),
                 500: ("PROVIDER_ERROR", True), 502: ("PROVIDER_ERROR", True)}
        for status, (code, retryable) in cases.items():
            with self.subTest(status=status):
                err = http_error(status, b'{"error":{"message":"boom"}}', None, "openai", [])
                self.assertEqual((err.code, err.retryable, err.status), (code, retryable, status))
                self.assertIn("boom", err.message)

    def test_retry_after(self):
        self.assertEqual(parse_retry_after("2"), 2000)
        self.assertEqual(parse_retry_after("0.5"), 500)
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after("soon"))
        self.assertIsNone(parse_retry_after("-1"))
        self.assertIsNone(parse_retry_after("nan"))
        # Infinite or absurdly long waits are the cap, not an error that fails the job at once.
        for value in ("inf", "Infinity", "1e400", "1e300", "99999999999"):
            with self.subTest(value=value):
                self.assertEqual(parse_retry_after(value), MAX_RETRY_AFTER_MS)
                self.assertEqual(http_error(429, b"", value, "openai", []).retry_after_ms, MAX_RETRY_AFTER_MS)
        self.assertEqual(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT"), MAX_RETRY_AFTER_MS)
        err = http_error(429, b"", "3", "Google Gemini", [])
        self.assertEqual(err.retry_after_ms, 3000)
        self.assertTrue(err.message.startswith("Google Gemini returned HTTP 429"))

    def test_retry_after_as_http_date(self):
        now = datetime.datetime(2015, 10, 21, 7, 27, 40, tzinfo=datetime.timezone.utc)
        self.assertEqual(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), 20000)
        # A date already past means "now", not "never".
        self.assertEqual(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), 0)

    def test_retry_after_honoured_on_503_only_besides_429(self):
        self.assertEqual(http_error(503, b"", "20", "xAI", []).retry_after_ms, 20000)
        self.assertIsNone(http_error(500, b"", "20", "xAI", []).retry_after_ms)

    def test_non_json_error_body_and_scrub(self):
        err = http_error(502, b"<html>bad gateway KEY123</html>", None, "openai", ["KEY123"])
        self.assertIn("bad gateway", err.message)
        self.assertNotIn("KEY123", err.message)
        self.assertEqual(scrub("a KEY1 b KEY1", ["KEY1", None, ""]), "a [REDACTED] b [REDACTED]")
        # A one-letter "key" is no secret, and replacing it would garble the provider's words.
        self.assertEqual(scrub("Incorrect API key provided", ["k"]), "Incorrect API key provided")


if __name__ == "__main__":
    unittest.main()

"""The asyncio HTTP client: body framings, keep-alive per host, many requests in flight on one loop, cancellation,
against the real fake provider and raw stdlib sockets for what the fake never sends."""
import asyncio
import json
import socket
import threading
import unittest

from valuerank_worker import http_client, probe
from valuerank_worker.errors import WorkerError
from valuerank_worker.http_client import Deadline
from tests.helpers import FakeProviderTestCase, close_connections, run
from tests.misbehaving import MisbehavingServer


class ScriptedServer:
    """Answers each request on a connection with the next of `answers` (raw bytes), keeping the connection open;
    records the connections and the request heads it saw."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.heads = []
        self.connections = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buf = b""
        with conn:
            while self.answers:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                self.heads.append(head.decode("latin-1"))
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                while len(buf) < length:
                    buf += conn.recv(65536)
                buf = buf[length:]
                answer = self.answers.pop(0)
                conn.sendall(answer)
                if b"HTTP/1.0" in answer:
                    return  # no length: the end of the connection ends the body

    def close(self):
        self.sock.close()


def post(url, max_bytes=1 << 20, timeout=5):
    return run(http_client.post_json(url + "/x", {"q": "é"}, {"Authorization": "Bearer k"}, Deadline(timeout),
                                     max_bytes))


class FramingTests(unittest.TestCase):
    def serve(self, *answers):
        server = ScriptedServer(answers)
        self.addCleanup(server.close)
        self.addCleanup(close_connections)
        return server

    def test_chunked_body_with_extensions_and_trailers_then_keep_alive(self):
        chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n\r\n"
                   b"4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: t\r\n\r\n")
        plain = b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"b\":2}"
        server = self.serve(chunked, plain)
        first = post(server.url)
        second = post(server.url)
        self.assertEqual((json.loads(first.body), first.header("Retry-After")), ({"a": 1}, "3"))
        self.assertEqual(json.loads(second.body), {"b": 2})
        self.assertEqual(server.connections, 1)  # both on one keep-alive connection
        head = server.heads[0].split("\r\n")
        self.assertEqual(head[0], "POST /x HTTP/1.1")
        self.assertIn("Host: 127.0.0.1:%d" % int(server.url.rsplit(":", 1)[1]), head)
        self.assertIn("Authorization: Bearer k", head)
        self.assertIn("Content-Length: %d" % len(json.dumps({"q": "é"}, ensure_ascii=False).encode()), head)

    def test_interim_100_is_skipped_and_http10_body_runs_to_the_end_of_the_connection(self):
        server = self.serve(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\n{\"c\":3}")
        self.assertEqual(json.loads(post(server.url).body), {"c": 3})

    def test_a_chunked_body_over_the_cap_is_cut_and_the_connection_dropped(self):
        body = b"x" * 3000
        chunk = b"%x\r\n%s\r\n" % (len(body), body)
        server = self.serve(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 2 + b"0\r\n\r\n",
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
        resp = post(server.url, max_bytes=4096)
        self.assertEqual((len(resp.body), resp.truncated), (4096, True))
        self.assertEqual(post(server.url).body, b"{}")
        self.assertEqual(server.connections, 2)  # the cut answer's connection was not reused

    def test_an_error_answer_keeps_its_status_and_headers(self):
        server = self.serve(b"HTTP/1.1 429 Too Many\r\nRetry-After: 2\r\nContent-Length: 2\r\n\r\n{}")
        resp = post(server.url)
        self.assertEqual((resp.status, resp.header("retry-after"), resp.truncated), (429, "2", False))

    def test_garbage_instead_of_http_is_a_network_error(self):
        server = self.serve(b"SSH-2.0-OpenSSH\r\n\r\n")
        with self.assertRaises(WorkerError) as ctx:
            post(server.url)
        self.assertEqual((ctx.exception.code, ctx.exception.retryable), ("NETWORK_ERROR", True))
        self.assertIn("invalid HTTP response", ctx.exception.message)

    def test_a_header_value_with_a_line_break_is_refused(self):
        with self.assertRaises(WorkerError) as ctx:
            run(http_client.post_json("http://127.0.0.1:9/x", {}, {"X": "a\r\nInjected: 1"}, Deadline(1), 1024))
        self.assertEqual(ctx.exception.code, "BAD_REQUEST")


class CancellationTests(unittest.TestCase):
    def test_cancelling_a_request_in_flight_closes_its_socket_and_is_not_a_timeout(self):
        arrived = threading.Event()

        def silent(conn):
            arrived.set()
            if conn.recv(1) == b"":  # blocks until the client goes away
                raise OSError("client closed")

        server = MisbehavingServer(silent)
        self.addCleanup(server.close)

        async def scenario():
            task = asyncio.ensure_future(http_client.post_json(server.url + "/x", {}, {}, Deadline(60), 1024))
            await asyncio.get_running_loop().run_in_executor(None, arrived.wait, 15)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                return "cancelled"
            return "finished"

        self.assertEqual(run(scenario()), "cancelled")
        self.assertTrue(server.client_gone.wait(15), "the cancelled request kept its connection open")


class ConcurrencyTests(FakeProviderTestCase):
    def test_many_probes_in_flight_at_once_on_one_loop(self):
        self.fake._call("POST", "/__control/hold", {})
        provider = {"id": "openai", "kind": "openai", "baseUrl": self.fake.url + "/v1", "apiKey": "test-key"}
        params = {"provider": provider,
                  "model": {"id": "gpt-4o-mini", "version": None},
                  "messages": [{"role": "user", "content": "Share the well? Rating: 1-5"}],
                  "params": {"temperature": None, "maxTokens": None}, "timeoutMs": 30000, "scale": []}

        async def scenario():
            tasks = [asyncio.ensure_future(probe.probe_scenario(params)) for _ in range(12)]
            # All twelve are held by the provider at once: none waits for another to finish.
            await asyncio.get_running_loop().run_in_executor(
                None, self.fake._call, "GET", "/__control/wait?held=12&timeoutMs=20000")
            await asyncio.get_running_loop().run_in_executor(None, self.fake._call, "POST", "/__control/open", {})
            return await asyncio.gather(*tasks)

        results = run(scenario())
        self.assertEqual(len(results), 12)
        self.assertTrue(all(r["reply"] for r in results))


if __name__ == "__main__":
    unittest.main()

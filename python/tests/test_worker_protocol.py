import json
import os
import signal
import socket
import time
import unittest

from tests.helpers import PYTHON_DIR, WorkerProcess


class WorkerProtocolTests(unittest.TestCase):
    def setUp(self):
        self.worker = WorkerProcess(threads=4)

    def tearDown(self):
        self.worker.kill()

    def test_ready_line(self):
        ready = self.worker.ready
        self.assertEqual(ready["type"], "ready")
        self.assertEqual(ready["protocol"], 2)
        self.assertEqual(ready["pid"], self.worker.proc.pid)
        self.assertRegex(ready["python"], r"^\d+\.\d+\.\d+")
        self.assertEqual(set(ready), {"type", "protocol", "python", "pid"})

    @unittest.skipUnless(hasattr(signal, "SIGINT") and os.name == "posix", "POSIX signals")
    def test_sigint_is_left_to_the_parent(self):
        # A terminal's Ctrl-C reaches the worker too: it keeps answering until its parent closes stdin.
        self.worker.proc.send_signal(signal.SIGINT)
        self.worker.send({"id": "after-sigint", "method": "ping", "params": {}})
        self.assertEqual(self.worker.read_message()["id"], "after-sigint")
        self.assertIsNone(self.worker.proc.poll())

    def test_ping(self):
        self.worker.send({"id": "p1", "method": "ping", "params": {}})
        self.assertEqual(self.worker.read_message(),
                         {"type": "response", "id": "p1", "ok": True, "result": {"pong": True}})

    def test_bad_json(self):
        self.worker.send_raw("this is not json\n")
        msg = self.worker.read_message()
        self.assertEqual(msg["id"], None)
        self.assertFalse(msg["ok"])
        self.assertEqual(msg["error"]["code"], "BAD_REQUEST")
        self.assertFalse(msg["error"]["retryable"])
        self.assertIn("retryAfterMs", msg["error"])
        self.assertIn("status", msg["error"])

    def test_missing_method_keeps_id(self):
        self.worker.send({"id": "x1"})
        msg = self.worker.read_message()
        self.assertEqual((msg["id"], msg["error"]["code"]), ("x1", "BAD_REQUEST"))
        self.worker.send({"method": "ping"})
        msg = self.worker.read_message()
        self.assertEqual((msg["id"], msg["error"]["code"]), (None, "BAD_REQUEST"))
        self.worker.send_raw("[1,2,3]\n")
        self.assertEqual(self.worker.read_message()["error"]["code"], "BAD_REQUEST")

    def test_unknown_method(self):
        self.worker.send({"id": "u1", "method": "explode", "params": {}})
        msg = self.worker.read_message()
        self.assertEqual((msg["id"], msg["ok"]), ("u1", False))
        self.assertEqual(msg["error"]["code"], "UNKNOWN_METHOD")

    def test_invalid_probe_params(self):
        self.worker.send({"id": "b1", "method": "probe_scenario", "params": {"model": {"id": "m"}}})
        msg = self.worker.read_message()
        self.assertEqual(msg["error"]["code"], "BAD_REQUEST")
        self.assertFalse(msg["error"]["retryable"])

    def test_blank_lines_ignored_and_unicode(self):
        self.worker.send_raw("\n\n" + json.dumps({"id": "ü-1", "method": "ping"}, ensure_ascii=False) + "\n")
        msg = self.worker.read_message()
        self.assertEqual(msg["id"], "ü-1")

    def test_concurrent_requests(self):
        ids = ["c%d" % i for i in range(20)]
        payload = "".join(json.dumps({"id": i, "method": "ping"}) + "\n" for i in ids)
        self.worker.send_raw(payload)
        seen = set()
        for _ in ids:
            msg = self.worker.read_message()
            self.assertTrue(msg["ok"])
            seen.add(msg["id"])
        self.assertEqual(seen, set(ids))

    def test_eof_exits_at_once_abandoning_requests_in_flight(self):
        # A provider that accepts the connection and never answers: the request would wait its full minute.
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        silent.settimeout(20)
        held = []
        try:
            self.worker.send({"id": "e1", "method": "ping"})
            self.assertEqual(self.worker.read_message()["id"], "e1")
            self.worker.send({"id": "e2", "method": "probe_scenario", "params": {
                "provider": {"id": "openai", "kind": "openai",
                             "baseUrl": "http://127.0.0.1:%d/v1" % silent.getsockname()[1],
                             "apiKey": "sk-never-print-me"},
                "model": {"id": "m", "version": None},
                "messages": [{"role": "user", "content": "hi"}],
                "params": {"temperature": None, "maxTokens": None}, "timeoutMs": 60000, "scale": []}})
            held.append(silent.accept()[0])  # the request has reached the provider, which stays silent
            self.worker.proc.stdin.close()
            # The parent is gone: exit now (well before the minute), without answering the abandoned request.
            self.assertEqual(self.worker.proc.wait(timeout=20), 0)
            # Only the announcement of the connection it opened (System Health's contact list) came out, no answer.
            contact = {"type": "contact", "host": "127.0.0.1", "port": silent.getsockname()[1], "scheme": "http"}
            self.assertEqual([json.loads(line) for line in self.worker.proc.stdout.read().splitlines()], [contact])
        finally:
            for conn in held:
                conn.close()
            silent.close()
        stderr = self.worker.stderr_text()
        self.assertNotIn("sk-never-print-me", stderr)
        self.assertIn('"abandoned":1', stderr)
        for line in stderr.splitlines():
            rec = json.loads(line)
            self.assertIn(rec["level"], ("debug", "info", "warn", "error"))
            self.assertTrue(rec["ts"].endswith("Z"))


class WorkerStartupTests(unittest.TestCase):
    def test_python_dir_layout(self):
        self.assertTrue(os.path.isfile(os.path.join(PYTHON_DIR, "valuerank_worker", "__main__.py")))

    def test_immediate_eof_exits_zero(self):
        w = WorkerProcess(threads=1)
        start = time.monotonic()
        self.assertEqual(w.close(), 0)
        self.assertLess(time.monotonic() - start, 10)


if __name__ == "__main__":
    unittest.main()

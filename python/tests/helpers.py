"""Shared test helpers: spawn the worker and the fake provider, run the worker's coroutines."""
import asyncio
import json
import os
import shutil
import subprocess
import sys
import threading
import unittest
import urllib.request

from valuerank_worker import http_client

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(PYTHON_DIR)
FIXTURE = os.path.join(REPO_ROOT, "tests", "fixtures", "fake-provider.mjs")


_loop = None
_loop_lock = threading.Lock()


def run(coro, timeout=120):
    """Runs a coroutine of the worker on one event loop kept alive in a thread for the whole test process, as the
    worker keeps one: pooled connections live on, and the loop notices a peer closing an idle one at once."""
    global _loop
    with _loop_lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="test-loop", daemon=True).start()
    return asyncio.run_coroutine_threadsafe(coro, _loop).result(timeout)


def close_connections():
    run(http_client.close_connections())


def worker_env():
    env = {"PYTHONPATH": PYTHON_DIR, "PYTHONIOENCODING": "utf-8"}
    for name in ("PATH", "SYSTEMROOT", "HOME"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


class WorkerProcess:
    def __init__(self, threads=4):
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "valuerank_worker", "--threads", str(threads)],
            cwd=PYTHON_DIR, env=worker_env(), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stderr_chunks = []
        self.contacts = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        self.ready = self.read_message()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_chunks.append(line.decode("utf-8", "replace"))

    def stderr_text(self):
        self._stderr_thread.join(timeout=5)
        return "".join(self.stderr_chunks)

    def send_raw(self, text):
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def send(self, obj):
        self.send_raw(json.dumps(obj) + "\n")

    def read_message(self, timeout=15):
        """The next response; the connection announcements before it are kept in `contacts`."""
        while True:
            message = self.read_any(timeout)
            if message.get("type") != "contact":
                return message
            self.contacts.append(message)

    def read_any(self, timeout=15):
        result = {}

        def target():
            result["line"] = self.proc.stdout.readline()

        t = threading.Thread(target=target, daemon=True)
        t.start()
        t.join(timeout)
        if "line" not in result:
            raise AssertionError("timed out waiting for worker output")
        line = result["line"]
        if not line:
            raise AssertionError("worker closed stdout; stderr=" + "".join(self.stderr_chunks))
        return json.loads(line.decode("utf-8"))

    def close(self, timeout=15):
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self._close_stderr()

    def _close_stderr(self):
        self._stderr_thread.join(timeout=5)
        try:
            self.proc.stderr.close()
        except Exception:
            pass

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except Exception:
                pass
        self._close_stderr()


def require_fake_provider():
    """The fake provider is the project's own fixture and Node is a hard requirement: missing either is a failure."""
    if shutil.which("node") is None:
        raise RuntimeError("node is not on the PATH: the adapter tests need it to run tests/fixtures/fake-provider.mjs")
    if not os.path.exists(FIXTURE):
        raise RuntimeError("missing fixture %s" % FIXTURE)


class FakeProvider:
    def __init__(self):
        require_fake_provider()
        self.proc = subprocess.Popen(["node", "tests/fixtures/fake-provider.mjs"],
                                     cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode("utf-8").strip()
        if not line.startswith("FAKE_PROVIDER_URL="):
            self.stop()
            raise RuntimeError("fake provider did not start: %r" % line)
        self.url = line.split("=", 1)[1]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def control(self, **behavior):
        return self._call("POST", "/__control", behavior)

    def reset(self):
        return self._call("POST", "/__control/reset", {})

    def hold(self, **rule):
        """Holds the API requests matching the rule (a batch's processing: path="/__batch/process")."""
        return self._call("POST", "/__control/hold", rule)

    def requests(self):
        return self._call("GET", "/__control/requests")

    def batches(self):
        return self._call("GET", "/__control/batches")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


class FakeProviderTestCase(unittest.TestCase):
    """One fake provider per test class, reset before each test; HTTP connections the adapters cached are closed."""

    @classmethod
    def setUpClass(cls):
        cls.fake = FakeProvider()

    @classmethod
    def tearDownClass(cls):
        close_connections()
        cls.fake.stop()

    def setUp(self):
        self.fake.reset()

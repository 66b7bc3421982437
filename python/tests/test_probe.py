import datetime
import email.utils
import json
import re
import socket
import unittest

from valuerank_worker import chat
from valuerank_worker.errors import WorkerError
from valuerank_worker import probe
from valuerank_worker.requests import ProbeRequest
from tests.helpers import FakeProvider, FakeProviderTestCase, WorkerProcess, run

KEY = "test-key"


def probe_scenario(p):
    return run(probe.probe_scenario(p))


SCALE = [{"code": i, "label": l} for i, l in enumerate(
    ["Strongly oppose", "Oppose", "Neutral", "Support", "Strongly support"], 1)]
MESSAGES = [{"role": "system", "content": "You are a careful ethicist."},
            {"role": "user", "content": "Should the village share the well water?"}]
RESULT_KEYS = {"prompt", "reply", "truncated", "notes", "reportedModel", "usage", "wordCount", "durationMs",
               "startedAt", "completedAt", "requestParams", "decision"}
ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class AdapterTests(FakeProviderTestCase):

    def base(self, kind):
        return self.fake.url + "/v1" if kind == "openai" else self.fake.url

    def params(self, kind, key=KEY, model="gpt-4o-mini", version=None, timeout_ms=5000,
               temperature=0.7, max_tokens=512, messages=MESSAGES):
        return {"provider": {"id": kind, "kind": kind, "baseUrl": self.base(kind), "apiKey": key},
                "model": {"id": model, "version": version}, "messages": messages,
                "params": {"temperature": temperature, "maxTokens": max_tokens},
                "timeoutMs": timeout_ms, "scale": SCALE}

    def probe_error(self, kind, **kw):
        with self.assertRaises(WorkerError) as ctx:
            probe_scenario(self.params(kind, **kw))
        return ctx.exception

    # ------------------------------------------------------------ success paths
    def test_openai_success(self):
        r = probe_scenario(self.params("openai"))
        self.assertEqual(set(r), RESULT_KEYS)
        self.assertTrue(r["reply"].strip().startswith("Weighing"))
        self.assertEqual(r["reportedModel"], "gpt-4o-mini-2024-07-18")
        u = r["usage"]
        self.assertGreater(u["inputTokens"], 0)
        self.assertEqual(u["totalTokens"], u["inputTokens"] + u["outputTokens"])
        self.assertEqual(r["decision"]["parsePath"], "explicit_rating")
        self.assertIn(r["decision"]["score"], range(1, 6))
        self.assertEqual(r["wordCount"], len(r["reply"].split()))
        # The reply travels once: the prompt turns come back without it, and no Markdown copy is sent.
        self.assertEqual(r["prompt"], MESSAGES)
        self.assertEqual((r["truncated"], r["notes"]), (False, []))
        self.assertRegex(r["startedAt"], ISO_Z)
        self.assertRegex(r["completedAt"], ISO_Z)
        self.assertGreaterEqual(r["durationMs"], 0)
        self.assertEqual(r["requestParams"], {"model": "gpt-4o-mini", "temperature": 0.7,
                                              "maxTokens": 512, "provider": "openai"})
        self.assertNotIn(KEY, json.dumps(r))
        req = self.fake.requests()[-1]
        self.assertEqual(req["path"], "/v1/chat/completions")
        self.assertEqual(req["headers"]["authorization"], "Bearer " + KEY)
        self.assertEqual(req["body"], {"model": "gpt-4o-mini", "messages": MESSAGES,
                                       "temperature": 0.7, "max_tokens": 512})

    def test_openai_no_auth_header_when_key_empty(self):
        self.fake.control(validKeys=[])
        r = probe_scenario(self.params("openai", key="", temperature=None, max_tokens=None))
        self.assertTrue(r["reply"])
        req = self.fake.requests()[-1]
        self.assertNotIn("authorization", req["headers"])
        self.assertNotIn("temperature", req["body"])
        self.assertNotIn("max_tokens", req["body"])

    def test_version_is_wire_model(self):
        r = probe_scenario(self.params("openai", version="gpt-4o-mini-2024-07-18"))
        self.assertEqual(r["requestParams"]["model"], "gpt-4o-mini-2024-07-18")
        self.assertEqual(self.fake.requests()[-1]["body"]["model"], "gpt-4o-mini-2024-07-18")
        self.assertEqual(r["reportedModel"], "gpt-4o-mini-2024-07-18")

    def test_anthropic_success(self):
        self.fake.control(reply="I lean towards sharing.\n\n**Rating:** 4")
        r = probe_scenario(self.params("anthropic", model="claude-3-5-haiku", max_tokens=None))
        self.assertEqual(r["reply"], "I lean towards sharing.\n\n**Rating:** 4")
        self.assertEqual(r["reportedModel"], "claude-3-5-haiku-2024-07-18")
        self.assertEqual(r["decision"]["score"], 4)
        self.assertEqual(r["decision"]["decision"], "Support")
        u = r["usage"]
        self.assertEqual(u["totalTokens"], u["inputTokens"] + u["outputTokens"])
        req = self.fake.requests()[-1]
        self.assertEqual(req["path"], "/v1/messages")
        self.assertEqual(req["headers"]["x-api-key"], KEY)
        self.assertEqual(req["headers"]["anthropic-version"], "2023-06-01")
        self.assertNotIn("authorization", req["headers"])
        self.assertEqual(req["body"]["system"], MESSAGES[0]["content"])
        self.assertEqual(req["body"]["messages"], [MESSAGES[1]])
        self.assertEqual(req["body"]["max_tokens"], 1024)
        self.assertEqual(req["body"]["temperature"], 0.7)

    def test_anthropic_without_system(self):
        probe_scenario(self.params("anthropic", model="claude-3-5-haiku", messages=MESSAGES[1:]))
        body = self.fake.requests()[-1]["body"]
        self.assertNotIn("system", body)
        self.assertEqual(body["max_tokens"], 512)

    def test_gemini_success(self):
        r = probe_scenario(self.params("gemini", model="gemini-2.0-flash", max_tokens=256))
        self.assertEqual(r["reportedModel"], "gemini-2.0-flash-2024-07-18")
        self.assertTrue(r["reply"].startswith("Weighing"))
        self.assertIsNotNone(r["usage"]["totalTokens"])
        req = self.fake.requests()[-1]
        self.assertEqual(req["path"], "/v1beta/models/gemini-2.0-flash:generateContent")
        self.assertEqual(req["headers"]["x-goog-api-key"], KEY)
        body = req["body"]
        self.assertEqual(body["contents"], [{"role": "user", "parts": [{"text": MESSAGES[1]["content"]}]}])
        self.assertEqual(body["systemInstruction"], {"parts": [{"text": MESSAGES[0]["content"]}]})
        self.assertEqual(body["generationConfig"], {"temperature": 0.7, "maxOutputTokens": 256})

    def test_connection_reuse_many_requests(self):
        for _ in range(5):
            self.assertTrue(probe_scenario(self.params("openai"))["reply"])
        self.assertEqual(len(self.fake.requests()), 5)

    def test_chat_called_directly(self):
        req = ProbeRequest.from_params(self.params("openai", model="gpt-4o", messages=MESSAGES[1:]))
        self.assertEqual((req.model, req.provider.name, req.max_response_bytes), ("gpt-4o", "OpenAI", 4 * 1024 * 1024))
        res = run(chat.complete(req))
        self.assertEqual(res.reported_model, "gpt-4o-2024-07-18")
        self.assertIsNotNone(res.total_tokens)

    # ------------------------------------------------------------ error classes
    def test_auth_failed_all_kinds(self):
        bad = "sk-wrong-secret-123"
        for kind in ("openai", "anthropic", "gemini"):
            with self.subTest(kind=kind):
                err = self.probe_error(kind, key=bad)
                self.assertEqual((err.code, err.retryable, err.status), ("AUTH_FAILED", False, 401))
                self.assertIn("Incorrect API key provided", err.message)
                self.assertNotIn(bad, err.message)

    def test_model_not_found(self):
        for kind in ("openai", "anthropic", "gemini"):
            with self.subTest(kind=kind):
                err = self.probe_error(kind, model="does-not-exist")
                self.assertEqual((err.code, err.retryable, err.status), ("MODEL_NOT_FOUND", False, 404))

    def test_rate_limited_with_retry_after(self):
        self.fake.control(failNext=[{"status": 429, "retryAfterSeconds": 2}])
        err = self.probe_error("openai")
        self.assertEqual((err.code, err.retryable, err.status, err.retry_after_ms),
                         ("RATE_LIMITED", True, 429, 2000))

    def test_rate_limited_without_retry_after(self):
        self.fake.control(failNext=[{"status": 429}])
        err = self.probe_error("anthropic", model="claude-3-5-haiku")
        self.assertEqual((err.code, err.retry_after_ms), ("RATE_LIMITED", None))

    def test_server_error(self):
        self.fake.control(failNext=[{"status": 500}, {"status": 503}])
        for kind in ("openai", "gemini"):
            err = self.probe_error(kind)
            self.assertEqual((err.code, err.retryable), ("PROVIDER_ERROR", True))
            self.assertIn(err.status, (500, 503))
            self.assertIn("Injected failure", err.message)

    def test_bad_request_to_provider(self):
        self.fake.control(failNext=[{"status": 400}, {"status": 422}, {"status": 403}])
        self.assertEqual(self.probe_error("openai").code, "BAD_REQUEST_TO_PROVIDER")
        self.assertEqual(self.probe_error("openai").code, "BAD_REQUEST_TO_PROVIDER")
        self.assertEqual(self.probe_error("openai").code, "AUTH_FAILED")

    def test_timeout(self):
        self.fake.control(failNext=[{"hang": True}])
        err = self.probe_error("openai", timeout_ms=500)
        self.assertEqual((err.code, err.retryable, err.status), ("TIMEOUT", True, None))
        # the next request on a fresh connection works
        self.assertTrue(probe_scenario(self.params("openai"))["reply"])

    def test_drop_is_network_error(self):
        probe_scenario(self.params("openai"))  # warm a keep-alive connection
        self.fake.control(failNext=[{"drop": True}])
        err = self.probe_error("openai")
        self.assertEqual((err.code, err.retryable), ("NETWORK_ERROR", True))
        # no silent retry of a request the server received
        self.assertEqual(len(self.fake.requests()), 2)

    def test_malformed(self):
        self.fake.control(failNext=[{"malformed": True}])
        err = self.probe_error("anthropic", model="claude-3-5-haiku")
        self.assertEqual((err.code, err.retryable, err.status), ("MALFORMED_RESPONSE", True, 200))

    def test_empty_reply(self):
        self.fake.control(failNext=[{"empty": True}])
        err = self.probe_error("gemini", model="gemini-2.0-flash")
        self.assertEqual((err.code, err.retryable), ("EMPTY_RESPONSE", True))
        self.fake.control(reply="   \n ")
        self.assertEqual(self.probe_error("openai").code, "EMPTY_RESPONSE")

    def test_connection_refused(self):
        params = self.params("openai")
        params["provider"]["baseUrl"] = "http://127.0.0.1:%d/v1" % closed_port()
        with self.assertRaises(WorkerError) as ctx:
            probe_scenario(params)
        self.assertEqual((ctx.exception.code, ctx.exception.retryable), ("NETWORK_ERROR", True))

    def test_key_scrubbed_from_provider_message(self):
        secret = "sk-live-abcdef123456"
        self.fake.control(validKeys=[secret],
                          failNext=[{"status": 500, "message": "upstream rejected key " + secret}])
        err = self.probe_error("openai", key=secret)
        self.assertEqual(err.code, "PROVIDER_ERROR")
        self.assertNotIn(secret, err.message)
        self.assertIn("upstream rejected key", err.message)

    def test_retry_after_as_an_http_date_on_503(self):
        when = email.utils.format_datetime(datetime.datetime.now(datetime.timezone.utc)
                                           + datetime.timedelta(seconds=30), usegmt=True)
        self.fake.control(failNext=[{"status": 503, "retryAfterSeconds": when}])
        err = self.probe_error("anthropic", model="claude-3-5-haiku")
        self.assertEqual((err.code, err.retryable, err.status), ("PROVIDER_ERROR", True, 503))
        # 30 s from now, give or take the second the date is rounded to and the time the request took.
        self.assertGreater(err.retry_after_ms, 20000)
        self.assertLessEqual(err.retry_after_ms, 30000)

    def test_openai_compatible_providers_are_named_in_errors(self):
        names = {"xai": "xAI", "deepseek": "DeepSeek", "mistral": "Mistral", "ollama": "Ollama (local)",
                 "lmstudio": "LM Studio (local)", "llamacpp": "llama.cpp server (local)",
                 "compat": "OpenAI-compatible server"}
        for provider_id, name in names.items():
            with self.subTest(provider=provider_id):
                params = self.params("openai", key="wrong-key")
                params["provider"]["id"] = provider_id
                with self.assertRaises(WorkerError) as ctx:
                    probe_scenario(params)
                self.assertTrue(ctx.exception.message.startswith(name + " returned HTTP 401"), ctx.exception.message)
                self.assertNotIn("openai", ctx.exception.message)
        self.fake.control(reply="")
        params = self.params("openai")
        params["provider"]["id"] = "xai"
        with self.assertRaises(WorkerError) as ctx:
            probe_scenario(params)
        self.assertEqual(ctx.exception.message, "xAI returned an empty reply")

    def test_a_reply_over_the_cap_is_cut_and_marked_truncated(self):
        long_reply = "Rating: 4. " + "lorem ipsum " * 30000
        self.fake.control(reply=long_reply)
        for kind, model in (("openai", "gpt-4o"), ("anthropic", "claude-3-5-haiku"), ("gemini", "gemini-2.0-flash")):
            with self.subTest(kind=kind):
                params = self.params(kind, model=model)
                params["maxResponseBytes"] = 100000
                r = probe_scenario(params)
                self.assertTrue(r["truncated"])
                self.assertTrue(long_reply.startswith(r["reply"]))
                self.assertGreater(len(r["reply"]), 90000)
                self.assertLessEqual(len(r["reply"]), 100000)
                self.assertEqual(r["decision"]["score"], 4)
        params = self.params("openai")
        params["maxResponseBytes"] = 1000000
        r = probe_scenario(params)
        self.assertEqual((r["truncated"], r["reply"]), (False, long_reply))

    def test_max_response_bytes_is_validated(self):
        for bad in (0, 10, -1, "4MB", 1.5, True):
            params = self.params("openai")
            params["maxResponseBytes"] = bad
            with self.assertRaises(WorkerError) as ctx:
                probe_scenario(params)
            self.assertEqual(ctx.exception.code, "BAD_REQUEST")

    def test_long_provider_message_truncated(self):
        self.fake.control(failNext=[{"status": 500, "message": "x" * 2000}])
        err = self.probe_error("openai")
        self.assertLess(len(err.message), 400)


class EndToEndTests(unittest.TestCase):
    def setUp(self):
        self.fake = FakeProvider()
        self.worker = WorkerProcess(threads=4)

    def tearDown(self):
        self.worker.kill()
        self.fake.stop()

    def request(self, req_id, kind, key, model="gpt-4o-mini", timeout_ms=5000):
        base = self.fake.url + ("/v1" if kind == "openai" else "")
        return {"id": req_id, "method": "probe_scenario", "params": {
            "provider": {"id": kind, "kind": kind, "baseUrl": base, "apiKey": key},
            "model": {"id": model, "version": None}, "messages": MESSAGES,
            "params": {"temperature": 0.2, "maxTokens": 100}, "timeoutMs": timeout_ms,
            "scale": SCALE}}

    def test_probe_via_worker(self):
        secret = "sk-e2e-super-secret"
        self.fake.control(validKeys=[KEY], latencyMs=100)
        self.worker.send(self.request("ok1", "openai", KEY))
        self.worker.send(self.request("ok2", "anthropic", KEY, model="claude-3-5-haiku"))
        self.worker.send(self.request("ok3", "gemini", KEY, model="gemini-2.0-flash"))
        self.worker.send(self.request("bad", "openai", secret))
        got = {}
        for _ in range(4):
            msg = self.worker.read_message()
            got[msg["id"]] = msg
        for rid in ("ok1", "ok2", "ok3"):
            self.assertTrue(got[rid]["ok"], got[rid])
            self.assertEqual(set(got[rid]["result"]), RESULT_KEYS)
            self.assertEqual(got[rid]["result"]["decision"]["parsePath"], "explicit_rating")
        self.assertEqual(got["bad"]["error"]["code"], "AUTH_FAILED")
        self.assertEqual(got["bad"]["error"]["status"], 401)
        self.assertEqual(self.worker.close(), 0)
        everything = json.dumps(got) + self.worker.stderr_text()
        self.assertNotIn(secret, everything)
        self.assertNotIn(KEY, json.dumps({k: v.get("result") for k, v in got.items()}))


if __name__ == "__main__":
    unittest.main()

"""list_models / check_provider against the fake provider in each wire format, and their typed errors."""
import json
import unittest

from valuerank_worker import catalog, wires
from valuerank_worker.requests import Provider
from valuerank_worker.vocabulary import Wire
from valuerank_worker.wires import anthropic, gemini, openai
from valuerank_worker.errors import WorkerError
from tests.helpers import FakeProviderTestCase, WorkerProcess, run
from tests.test_probe import closed_port

KEY = "test-key"
FAKE_MODELS = ["gpt-4o-mini", "gpt-4o", "claude-3-5-haiku", "gemini-2.0-flash"]


class CatalogTests(FakeProviderTestCase):

    def params(self, kind, key=KEY, base=None, timeout_ms=3000):
        base = base or (self.fake.url + "/v1" if kind == "openai" else self.fake.url)
        return {"provider": {"id": kind, "kind": kind, "baseUrl": base, "apiKey": key}, "timeoutMs": timeout_ms}

    def error_of(self, fn, params):
        with self.assertRaises(WorkerError) as ctx:
            run(fn(params))
        return ctx.exception

    def test_openai_listing(self):
        result = run(catalog.list_models(self.params("openai")))
        self.assertEqual([m["id"] for m in result["models"]], FAKE_MODELS)
        req = self.fake.requests()[-1]
        self.assertEqual((req["method"], req["path"]), ("GET", "/v1/models"))
        self.assertEqual(req["headers"]["authorization"], "Bearer " + KEY)

    def test_anthropic_listing_uses_its_own_headers(self):
        result = run(catalog.list_models(self.params("anthropic")))
        self.assertEqual([m["id"] for m in result["models"]], FAKE_MODELS)
        self.assertEqual(result["models"][0]["displayName"], "gpt-4o-mini")
        req = self.fake.requests()[-1]
        self.assertEqual(req["path"], "/v1/models")
        self.assertEqual(req["headers"]["x-api-key"], KEY)
        self.assertEqual(req["headers"]["anthropic-version"], "2023-06-01")
        self.assertNotIn("authorization", req["headers"])

    def test_gemini_listing_strips_the_models_prefix(self):
        result = run(catalog.list_models(self.params("gemini")))
        self.assertEqual([m["id"] for m in result["models"]], FAKE_MODELS)
        req = self.fake.requests()[-1]
        self.assertEqual(req["path"], "/v1beta/models")
        self.assertEqual(req["headers"]["x-goog-api-key"], KEY)

    def test_local_server_without_key_lists_installed_models(self):
        self.fake.control(validKeys=[], models=["llama3.1:8b", "qwen2.5:7b"])
        result = run(catalog.list_models(self.params("openai", key="")))
        self.assertEqual([m["id"] for m in result["models"]], ["llama3.1:8b", "qwen2.5:7b"])
        self.assertNotIn("authorization", self.fake.requests()[-1]["headers"])

    def test_check_provider_reports_latency_and_count(self):
        self.fake.control(latencyMs=30)
        result = run(catalog.check_provider(self.params("anthropic")))
        self.assertTrue(result["ok"])
        self.assertEqual(result["modelCount"], 4)
        self.assertGreaterEqual(result["latencyMs"], 25)

    def test_rejected_key_is_auth_failed_in_every_format(self):
        for kind in ("openai", "anthropic", "gemini"):
            err = self.error_of(catalog.check_provider, self.params(kind, key="wrong-key-123"))
            self.assertEqual(err.code, "AUTH_FAILED", kind)
            self.assertEqual(err.status, 401)
            self.assertIn("Incorrect API key", err.message)
            self.assertNotIn("wrong-key-123", json.dumps(err.to_dict()))

    def test_unreachable_server_is_network_error(self):
        err = self.error_of(catalog.check_provider,
                            self.params("openai", base="http://127.0.0.1:%d/v1" % closed_port()))
        self.assertEqual(err.code, "NETWORK_ERROR")
        self.assertIn("connection refused", err.message)

    def test_hanging_server_is_timeout(self):
        self.fake.control(failNext=[{"hang": True}])
        err = self.error_of(catalog.check_provider, self.params("openai", timeout_ms=300))
        self.assertEqual(err.code, "TIMEOUT")

    def test_server_error_and_rate_limit_keep_their_codes(self):
        self.fake.control(failNext=[{"status": 503, "message": "overloaded"}, {"status": 429, "retryAfterSeconds": 2}])
        err = self.error_of(catalog.check_provider, self.params("gemini"))
        self.assertEqual((err.code, err.status), ("PROVIDER_ERROR", 503))
        self.assertIn("overloaded", err.message)
        err = self.error_of(catalog.check_provider, self.params("gemini"))
        self.assertEqual((err.code, err.retry_after_ms), ("RATE_LIMITED", 2000))

    def test_wrong_base_url_is_endpoint_not_found(self):
        err = self.error_of(catalog.list_models, self.params("openai", base=self.fake.url + "/nope"))
        self.assertEqual(err.code, "ENDPOINT_NOT_FOUND")
        self.assertIn("/nope/models", err.message)

    def test_malformed_listing(self):
        self.fake.control(failNext=[{"malformed": True}])
        err = self.error_of(catalog.list_models, self.params("openai"))
        self.assertEqual(err.code, "MALFORMED_RESPONSE")

    def test_bad_params(self):
        for params in ({}, {"provider": {"kind": "smtp", "baseUrl": "x"}},
                       {"provider": {"kind": "openai", "baseUrl": ""}},
                       {"provider": {"kind": "openai", "baseUrl": "http://x"}, "timeoutMs": -1}):
            self.assertEqual(self.error_of(catalog.list_models, params).code, "BAD_REQUEST")

    def test_over_the_worker_protocol(self):
        worker = WorkerProcess(threads=2)
        try:
            worker.send({"id": "a", "method": "check_provider", "params": self.params("gemini")})
            ok = worker.read_message()
            self.assertEqual((ok["id"], ok["ok"], ok["result"]["modelCount"]), ("a", True, 4))
            worker.send({"id": "b", "method": "list_models", "params": self.params("openai", key="sk-secret-9999")})
            bad = worker.read_message()
            self.assertFalse(bad["ok"])
            self.assertEqual(bad["error"]["code"], "AUTH_FAILED")
            self.assertNotIn("sk-secret-9999", json.dumps(bad))
        finally:
            worker.close()


def provider(wire):
    return Provider(id=wire.value, name="Test " + wire.value, wire=wire, base_url="http://x", api_key="")


class ParsePageTests(unittest.TestCase):
    def test_gemini_skips_embedding_only_models_and_follows_pages(self):
        models, following = gemini.parse_list({
            "models": [
                {"name": "models/gemini-1.5-pro-002", "displayName": "Gemini 1.5 Pro 002",
                 "supportedGenerationMethods": ["generateContent", "countTokens"]},
                {"name": "models/text-embedding-004", "supportedGenerationMethods": ["embedContent"]},
            ],
            "nextPageToken": "p2"}, provider(Wire.GEMINI))
        self.assertEqual([m["id"] for m in models], ["gemini-1.5-pro-002"])
        self.assertEqual(following, "p2")

    def test_openai_created_becomes_iso_and_anthropic_pages(self):
        models, following = openai.parse_list({"data": [{"id": "gpt-4o", "created": 1715367049}, {"x": 1}]},
                                              provider(Wire.OPENAI))
        self.assertEqual(models, [{"id": "gpt-4o", "displayName": None, "created": "2024-05-10T18:50:49Z"}])
        self.assertIsNone(following)
        models, following = anthropic.parse_list({
            "data": [{"id": "claude-sonnet-4-20250514", "display_name": "Claude Sonnet 4",
                      "created_at": "2025-05-22T00:00:00Z"}],
            "has_more": True, "last_id": "claude-sonnet-4-20250514"}, provider(Wire.ANTHROPIC))
        self.assertEqual(models[0]["displayName"], "Claude Sonnet 4")
        self.assertEqual(following, "claude-sonnet-4-20250514")

    def test_malformed_pages(self):
        for wire, data in ((Wire.OPENAI, []), (Wire.OPENAI, {"data": "x"}), (Wire.GEMINI, {"models": 3}),
                           (Wire.ANTHROPIC, {"data": None})):
            with self.assertRaises(WorkerError) as ctx:
                wires.module_for(wire).parse_list(data, provider(wire))
            self.assertEqual(ctx.exception.code, "MALFORMED_RESPONSE")
            self.assertIn("Test " + wire.value, ctx.exception.message)


if __name__ == "__main__":
    unittest.main()

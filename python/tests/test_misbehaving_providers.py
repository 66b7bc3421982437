"""Providers that misbehave in ways the shared fake cannot: a slow drip, an answer without end, absurd token counts."""
import json
import time
import unittest

from tests.misbehaving import MisbehavingServer, drip, endless_reply, json_answer
from valuerank_worker.errors import WorkerError
from valuerank_worker import probe
from tests.helpers import close_connections, run
from valuerank_worker.jsontext import partial_string_after


def probe_scenario(p):
    return run(probe.probe_scenario(p))


MESSAGES = [{"role": "user", "content": "Should the village share the well water?"}]


def params(url, kind="openai", timeout_ms=1000, max_bytes=None, provider_id=None):
    p = {"provider": {"id": provider_id or kind, "kind": kind, "baseUrl": url + ("/v1" if kind == "openai" else ""),
                      "apiKey": "k"},
         "model": {"id": "m", "version": None}, "messages": MESSAGES,
         "params": {"temperature": None, "maxTokens": None}, "timeoutMs": timeout_ms, "scale": []}
    if max_bytes is not None:
        p["maxResponseBytes"] = max_bytes
    return p


class MisbehavingProviderTests(unittest.TestCase):
    def serve(self, behavior):
        server = MisbehavingServer(behavior)
        self.addCleanup(server.close)
        self.addCleanup(close_connections)
        return server

    def assert_times_out_and_lets_go(self, server):
        start = time.monotonic()
        with self.assertRaises(WorkerError) as ctx:
            probe_scenario(params(server.url, timeout_ms=1000))
        elapsed = time.monotonic() - start
        self.assertEqual((ctx.exception.code, ctx.exception.retryable), ("TIMEOUT", True))
        self.assertIn("longer than 1 s", ctx.exception.message)
        # One deadline for the whole attempt: the drip (30 s of it) does not keep the request alive.
        self.assertLess(elapsed, 10)
        # ...and the socket is closed, so the provider notices that nobody listens any more.
        self.assertTrue(server.client_gone.wait(15), "the worker kept the connection open")

    def test_slow_drip_of_headers_is_cut_at_the_deadline(self):
        self.assert_times_out_and_lets_go(self.serve(drip(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: y\r\n" * 20)))

    def test_slow_drip_of_the_body_is_cut_at_the_deadline(self):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"

        def behavior(conn):
            conn.sendall(head)
            drip(b'{"choices":[' + b" " * 488)(conn)
        self.assert_times_out_and_lets_go(self.serve(behavior))

    def test_an_answer_without_end_is_read_up_to_the_cap_and_recorded_truncated(self):
        prefixes = {
            "openai": '{"id":"x","model":"big-model","choices":[{"index":0,"message":{"role":"assistant",'
                      '"content":"Rating: 3. \\u00e9\\ud83d\\ude00 ',
            "anthropic": '{"model":"big-model","content":[{"type":"text","text":"Rating: 3. \\u00e9\\ud83d\\ude00 ',
            "gemini": '{"candidates":[{"content":{"parts":[{"text":"Rating: 3. \\u00e9\\ud83d\\ude00 ',
        }
        for kind, prefix in prefixes.items():
            with self.subTest(kind=kind):
                server = self.serve(endless_reply(prefix))
                result = probe_scenario(params(server.url, kind=kind, timeout_ms=20000, max_bytes=64 * 1024))
                self.assertTrue(result["truncated"])
                self.assertTrue(result["reply"].startswith("Rating: 3. \u00e9\U0001F600 abc abc"))
                self.assertLessEqual(len(result["reply"].encode("utf-8")), 64 * 1024)
                self.assertGreater(len(result["reply"]), 60000)
                self.assertIn("longer than 64 KB", result["notes"][0])
                self.assertEqual(result["decision"]["score"], 3)
                self.assertEqual(result["reportedModel"], None if kind == "gemini" else "big-model")
                self.assertEqual(result["usage"], {"inputTokens": None, "outputTokens": None, "totalTokens": None})
                self.assertTrue(server.client_gone.wait(15), "the rest of the answer was read or left open")

    def test_an_oversized_answer_without_a_reply_is_response_too_large(self):
        server = self.serve(endless_reply('{"padding":"'))
        with self.assertRaises(WorkerError) as ctx:
            probe_scenario(params(server.url, timeout_ms=20000, max_bytes=4096, provider_id="deepseek"))
        self.assertEqual((ctx.exception.code, ctx.exception.retryable), ("RESPONSE_TOO_LARGE", False))
        self.assertIn("DeepSeek sent more than 4 KB", ctx.exception.message)

    def test_absurd_token_counts_keep_the_answer(self):
        server = self.serve(json_answer({
            "model": "m-1", "choices": [{"message": {"role": "assistant", "content": "Rating: 2"}}],
            "usage": {"prompt_tokens": 2 ** 60, "completion_tokens": -5, "total_tokens": 1e300}}))
        result = probe_scenario(params(server.url))
        self.assertEqual((result["reply"], result["truncated"]), ("Rating: 2", False))
        self.assertEqual(result["usage"], {"inputTokens": None, "outputTokens": None, "totalTokens": None})
        self.assertEqual(len(result["notes"]), 3)
        self.assertIn("prompt_tokens = 1152921504606846976", result["notes"][0])
        self.assertTrue(all(len(n) < 200 for n in result["notes"]))

    def test_an_answer_with_a_lone_surrogate_is_kept_with_a_note(self):
        # json.dumps escapes the lone half as \\ud83d, exactly as a provider's JSON can carry it.
        content = "Good \ud83d Rating: 4 \U0001F600"
        choice = {"message": {"role": "assistant", "content": content}}
        server = self.serve(json_answer({"model": "m-1", "choices": [choice]}))
        result = probe_scenario(params(server.url))
        self.assertEqual(result["reply"], "Good \ufffd Rating: 4 \U0001F600")
        self.assertEqual((result["decision"]["score"], result["decision"]["parsePath"]), (4, "explicit_rating"))
        self.assertEqual(len(result["notes"]), 1)
        self.assertIn("1 lone surrogate", result["notes"][0])
        # The whole result can now be written as UTF-8 on the protocol's stdout.
        json.dumps(result, ensure_ascii=False).encode("utf-8")

    def test_plausible_counts_survive_next_to_an_absurd_one(self):
        server = self.serve(json_answer({
            "content": [{"type": "text", "text": "Rating: 2"}],
            "usage": {"input_tokens": 12, "output_tokens": "many"}}))
        result = probe_scenario(params(server.url, kind="anthropic"))
        self.assertEqual(result["usage"], {"inputTokens": 12, "outputTokens": None, "totalTokens": None})
        self.assertEqual(len(result["notes"]), 1)

    def test_an_error_body_is_read_only_as_far_as_its_message(self):
        server = self.serve(json_answer({"error": {"message": "slow down " + "x" * 200000}}, status=503,
                                        headers=[("Retry-After", "7")]))
        with self.assertRaises(WorkerError) as ctx:
            probe_scenario(params(server.url, provider_id="mistral"))
        err = ctx.exception
        self.assertEqual((err.code, err.status, err.retry_after_ms), ("PROVIDER_ERROR", 503, 7000))
        self.assertTrue(err.message.startswith("Mistral returned HTTP 503: slow down"))
        self.assertLess(len(err.message), 400)


class PartialStringTests(unittest.TestCase):
    def test_decodes_escapes_and_stops_at_the_end_of_the_text(self):
        self.assertEqual(partial_string_after('{"a":1,"content" : "x\\n\\"y\\u00e9\\ud83d\\ude00z', "content"),
                         'x\n"y\u00e9\U0001F600z')
        self.assertEqual(partial_string_after('{"content":"done","b":"c"}', "content"), "done")

    def test_a_cut_escape_or_half_pair_is_dropped_or_replaced(self):
        self.assertEqual(partial_string_after('{"text":"ab\\', "text"), "ab")
        self.assertEqual(partial_string_after('{"text":"ab\\u00', "text"), "ab")
        self.assertEqual(partial_string_after('{"text":"ab\\ud83d', "text"), "ab\ufffd")
        self.assertIsNone(partial_string_after('{"other":"ab', "text"))


if __name__ == "__main__":
    unittest.main()

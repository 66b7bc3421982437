"""Batch mode's wire calls against the fake provider's OpenAI and Anthropic batch endpoints: build, upload, create,
find again, poll, download, read (out of order, expired, errored, repeated lines), delete."""
import json
import os
import tempfile

from valuerank_worker import batches
from valuerank_worker.errors import WorkerError
from tests.helpers import FakeProviderTestCase, run

SCALE = [{"code": n, "label": f"level {n}"} for n in range(1, 6)]


class BatchTests(FakeProviderTestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="vr-batch-")

    def provider(self, kind):
        base = self.fake.url + "/v1" if kind == "openai" else self.fake.url
        return {"id": kind, "kind": kind, "baseUrl": base, "apiKey": "test-key"}

    def build(self, kind, n=3, model="gpt-4o-mini"):
        path = os.path.join(self.dir, f"{kind}.jsonl")
        requests = [{"customId": f"job_{i}-c1", "model": {"id": model, "version": None},
                     "messages": [{"role": "system", "content": "Answer 1-5."}, {"role": "user", "content": f"Q{i}"}],
                     "params": {"temperature": None, "maxTokens": 50}} for i in range(n)]
        built = run(batches.batch_build({"provider": self.provider(kind), "path": path, "requests": requests}))
        return path, built

    def read_all(self, kind, path):
        out, offset = [], 0
        while True:
            page = run(batches.batch_read({"provider": self.provider(kind), "path": path, "offset": offset,
                                           "limit": 2, "scale": SCALE}))
            out += page["records"]
            offset = page["nextOffset"]
            if page["done"]:
                return out

    def test_build_is_deterministic_and_hashed(self):
        path, first = self.build("openai")
        with open(path, "rb") as f:
            lines = [json.loads(line) for line in f]
        _, second = self.build("openai")
        self.assertEqual(first["sha256"], second["sha256"])
        self.assertEqual([line["custom_id"] for line in lines], ["job_0-c1", "job_1-c1", "job_2-c1"])
        self.assertEqual(lines[0]["url"], "/v1/chat/completions")

    def test_openai_full_cycle_with_expired_errored_and_repeated_lines(self):
        self.fake.control(batch={"expire": 1, "errors": 1, "repeat": 1, "outOfOrder": True})
        p = self.provider("openai")
        path, _ = self.build("openai", n=4)
        file_id = run(batches.batch_upload({"provider": p, "path": path, "filename": "vr-chunk.jsonl"}))["fileId"]
        self.assertEqual(run(batches.batch_find_file({"provider": p, "filename": "vr-chunk.jsonl"}))["fileId"], file_id)
        created = run(batches.batch_create({"provider": p, "inputFileId": file_id, "metadata": {"vr_chunk": "c1"}}))
        listed = run(batches.batch_list({"provider": p}))["batches"]
        self.assertEqual(listed[0]["metadata"], {"vr_chunk": "c1"})
        view = run(batches.batch_get({"provider": p, "batchId": created["id"]}))
        self.assertEqual(view["state"], "ended")
        self.assertEqual(view["providerStatus"], "expired")
        out, err = os.path.join(self.dir, "out.jsonl"), os.path.join(self.dir, "err.jsonl")
        sizes = run(batches.batch_download({"provider": p, "files": view["files"], "outputPath": out,
                                            "errorPath": err}))
        self.assertGreater(sizes["output"], 0)
        records = self.read_all("openai", out) + self.read_all("openai", err)
        outcomes = sorted((r["customId"], r["outcome"]) for r in records)
        # Reversed, then the first success (job 2, now first) repeated.
        self.assertEqual(outcomes, [("job_0-c1", "errored"), ("job_1-c1", "succeeded"), ("job_2-c1", "succeeded"),
                                    ("job_2-c1", "succeeded"), ("job_3-c1", "expired")])
        ok = [r for r in records if r["outcome"] == "succeeded"][0]
        self.assertIsNotNone(ok["decision"]["score"])
        self.assertGreater(ok["usage"]["inputTokens"], 0)
        deleted = run(batches.batch_delete({"provider": p, "batch": view}))["deleted"]
        self.assertEqual(deleted, 3)
        self.assertEqual(self.fake.batches()["files"], [])

    def test_read_says_where_each_record_ends_so_a_page_can_be_written_in_parts(self):
        line = {"custom_id": "job_{}-c1", "response": {"status_code": 200, "body": {
            "model": "gpt-4o-mini", "choices": [{"message": {"role": "assistant", "content": "Rating: 3"}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}}}
        lines = [json.dumps(line).replace("{}", str(i)) for i in range(5)]
        path = os.path.join(self.dir, "out.jsonl")
        # A blank line and a line that is not JSON among them: neither breaks the offsets.
        text = lines[0] + "\n\n" + lines[1] + "\nnot json\n" + "\n".join(lines[2:]) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        params = {"provider": self.provider("openai"), "path": path, "offset": 0, "limit": 4, "scale": SCALE}
        page = run(batches.batch_read(params))
        self.assertEqual([r["customId"] for r in page["records"]], ["job_0-c1", "job_1-c1", None, "job_2-c1"])
        self.assertEqual(len(page["ends"]), 4)
        self.assertEqual(page["ends"][-1], page["nextOffset"])
        data = text.encode("utf-8")
        for end in page["ends"]:
            self.assertEqual(data[end - 1:end], b"\n")
        # Reading on from any record's end gives the records after it, and nothing twice.
        again = run(batches.batch_read({**params, "offset": page["ends"][1], "limit": 20}))
        self.assertEqual([r["customId"] for r in again["records"]], [None, "job_2-c1", "job_3-c1", "job_4-c1"])
        self.assertEqual(again["ends"][-1], len(data))
        self.assertTrue(again["done"])

    def test_read_takes_a_byte_order_mark_a_non_ascii_reply_and_refuses_bytes_that_are_not_utf8(self):
        def line(i, reply):
            return json.dumps({"custom_id": f"job_{i}-c1", "response": {"status_code": 200, "body": {
                "model": "m", "choices": [{"message": {"role": "assistant", "content": reply}}]}}},
                ensure_ascii=False).encode("utf-8")
        data = (b"\xef\xbb\xbf" + line(0, "Rating: 2") + b"\n" + line(1, "Réponse \u2014 Rating: 4") + b"\n"
                + b'{"custom_id": "job_2-c1", "bad": "\xff"}\n' + line(3, "Rating: 5"))
        path = os.path.join(self.dir, "bom.jsonl")
        with open(path, "wb") as f:
            f.write(data)
        page = run(batches.batch_read({"provider": self.provider("openai"), "path": path, "offset": 0, "limit": 10,
                                       "scale": SCALE}))
        self.assertEqual([(r["customId"], r["outcome"]) for r in page["records"]],
                         [("job_0-c1", "succeeded"), ("job_1-c1", "succeeded"), (None, "unreadable"),
                          ("job_3-c1", "succeeded")])
        self.assertEqual(page["records"][1]["reply"], "Réponse \u2014 Rating: 4")
        self.assertEqual([r["decision"]["score"] for r in page["records"] if r["outcome"] == "succeeded"], [2, 4, 5])
        # The last line has no newline: it ends the file, and the page says so.
        self.assertEqual(page["ends"][-1], len(data))
        self.assertEqual(page["nextOffset"], len(data))
        self.assertTrue(page["done"])

    def test_openai_queue_limit_fails_the_batch_with_its_code(self):
        p = self.provider("openai")
        self.fake.hold(path="/__batch/process")
        path, _ = self.build("openai", n=2)
        file_id = run(batches.batch_upload({"provider": p, "path": path, "filename": "vr-q.jsonl"}))["fileId"]
        first = run(batches.batch_create({"provider": p, "inputFileId": file_id, "metadata": {}}))
        # Each request is 3 tokens ("Answer 1-5." + "Qn": 13 characters): the first batch holds 6 of a 10-token queue.
        self.fake.control(batch={"queueTokens": 10})
        second = run(batches.batch_create({"provider": p, "inputFileId": file_id, "metadata": {}}))
        self.assertEqual((first["state"], first["errorCodes"]), ("in_progress", []))
        self.assertEqual((second["state"], second["errorCodes"]), ("failed", ["token_limit_exceeded"]))
        self.assertEqual(run(batches.batch_get({"provider": p, "batchId": second["id"]}))["errorCodes"],
                         ["token_limit_exceeded"])

    def test_anthropic_full_cycle(self):
        self.fake.control(batch={"expire": 1})
        p = self.provider("anthropic")
        path, _ = self.build("anthropic", n=3, model="claude-3-5-haiku")
        created = run(batches.batch_create({"provider": p, "path": path}))
        self.assertEqual(created["counts"]["total"], 3)
        view = run(batches.batch_get({"provider": p, "batchId": created["id"]}))
        self.assertEqual(view["state"], "ended")
        out = os.path.join(self.dir, "results.jsonl")
        run(batches.batch_download({"provider": p, "files": view["files"], "outputPath": out, "errorPath": out}))
        records = self.read_all("anthropic", out)
        self.assertEqual([r["outcome"] for r in records], ["succeeded", "succeeded", "expired"])
        self.assertEqual(records[0]["reportedModel"], "claude-3-5-haiku-2024-07-18")
        self.assertEqual(run(batches.batch_delete({"provider": p, "batch": view}))["deleted"], 1)

    def test_failed_upload_is_a_typed_error_and_stores_nothing(self):
        self.fake.control(failNext=[{"status": 500, "message": "upload broke"}])
        path, _ = self.build("openai")
        with self.assertRaises(WorkerError) as ctx:
            run(batches.batch_upload({"provider": self.provider("openai"), "path": path, "filename": "x.jsonl"}))
        self.assertEqual(ctx.exception.code.value, "PROVIDER_ERROR")
        self.assertEqual(self.fake.batches()["files"], [])

    def test_providers_without_batches_are_refused(self):
        gemini = {"id": "google", "kind": "gemini", "baseUrl": self.fake.url, "apiKey": "k"}
        with self.assertRaises(WorkerError):
            run(batches.batch_list({"provider": gemini}))

"""Mistral batch inference against the fake provider's Mistral-shaped job routes: build (the model kept in each body),
upload to /files, create a job with the model and metadata, find it again by paging the job list, poll, download,
read (errored and expired lines), delete the files; and how a job's statuses read."""
import json
import os
import tempfile
import unittest

from valuerank_worker import batches
from valuerank_worker.requests import _provider
from valuerank_worker.wires import mistral_batch
from tests.batch_reading import read_all
from tests.helpers import FakeProviderTestCase, run


class MistralBatchTests(FakeProviderTestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="vr-mistral-batch-")
        self.p = {"id": "mistral", "kind": "openai", "baseUrl": self.fake.url + "/v1", "apiKey": "test-key"}

    def build(self, name, n=3):
        path = os.path.join(self.dir, f"{name}.jsonl")
        requests = [{"customId": f"job_{i}-c1", "model": {"id": "mistral-small-latest", "version": None},
                     "messages": [{"role": "user", "content": f"Q{i}. Answer 1-5."}],
                     "params": {"temperature": None, "maxTokens": 50}} for i in range(n)]
        run(batches.batch_build({"provider": self.p, "path": path, "requests": requests}))
        return path

    def submit(self, name, n=3, metadata=None):
        path = self.build(name, n)
        file_id = run(batches.batch_upload({"provider": self.p, "path": path, "filename": f"{name}.jsonl"}))["fileId"]
        return run(batches.batch_create({"provider": self.p, "inputFileId": file_id, "path": path,
                                         "metadata": metadata or {}})), file_id

    def test_lines_keep_the_model_and_name_no_url(self):
        with open(self.build("lines"), "rb") as f:
            first = json.loads(f.readline())
        self.assertEqual(first["custom_id"], "job_0-c1")
        self.assertEqual(first["body"]["model"], "mistral-small-latest")
        self.assertEqual(first["body"]["max_tokens"], 50)
        self.assertNotIn("url", first)

    def test_full_cycle_with_errored_and_expired_requests(self):
        self.fake.control(batch={"errors": 1, "expire": 1})
        created, file_id = self.submit("cycle", n=4, metadata={"vr_chunk": "bch_1", "vr_hash": "ab"})
        self.assertEqual(created["inputFileId"], file_id)
        self.assertEqual(created["metadata"], {"vr_chunk": "bch_1", "vr_hash": "ab"})
        self.assertEqual(created["counts"]["total"], 4)
        self.assertGreater(created["expiresAt"], created["createdAt"])
        sent = [r for r in self.fake.requests() if r["path"] == "/v1/batch/jobs"][0]["body"]
        self.assertEqual(sent["model"], "mistral-small-latest")
        self.assertEqual(sent["endpoint"], "/v1/chat/completions")
        self.assertEqual(sent["input_files"], [file_id])
        found = run(batches.batch_find_file({"provider": self.p, "filename": "cycle.jsonl"}))["fileId"]
        self.assertEqual(found, file_id)

        view = run(batches.batch_get({"provider": self.p, "batchId": created["id"]}))
        self.assertEqual((view["state"], view["providerStatus"]), ("ended", "TIMEOUT_EXCEEDED"))
        self.assertEqual(sorted(f["kind"] for f in view["files"]), ["error", "output"])
        out, err = os.path.join(self.dir, "out.jsonl"), os.path.join(self.dir, "err.jsonl")
        run(batches.batch_download({"provider": self.p, "files": view["files"], "outputPath": out, "errorPath": err}))
        records = sorted(read_all(self.p, out) + read_all(self.p, err), key=lambda r: r["customId"])
        self.assertEqual([r["outcome"] for r in records], ["errored", "succeeded", "succeeded", "expired"])
        ok = records[1]
        self.assertIsNotNone(ok["decision"]["score"])
        self.assertGreater(ok["usage"]["inputTokens"], 0)
        self.assertEqual(run(batches.batch_delete({"provider": self.p, "batch": view}))["deleted"], 3)
        self.assertEqual(self.fake.batches()["files"], [])

    def test_job_list_pages_by_number_newest_first(self):
        first, _ = self.submit("one", n=1, metadata={"vr_chunk": "a"})
        second, _ = self.submit("two", n=1, metadata={"vr_chunk": "b"})
        page0 = run(batches.batch_list({"provider": self.p, "limit": 1}))
        self.assertEqual([b["id"] for b in page0["batches"]], [second["id"]])
        self.assertEqual(page0["next"], "1")
        page1 = run(batches.batch_list({"provider": self.p, "limit": 1, "after": page0["next"]}))
        self.assertEqual([b["metadata"] for b in page1["batches"]], [{"vr_chunk": "a"}])
        self.assertIsNone(page1["next"])
        self.assertEqual(first["metadata"], {"vr_chunk": "a"})

    def test_cancel_answers_the_job(self):
        created, _ = self.submit("cancel", n=2)
        view = run(batches.batch_cancel({"provider": self.p, "batchId": created["id"]}))
        self.assertEqual(view["id"], created["id"])
        self.assertEqual(view["state"], "ended")


class MistralViewTests(unittest.TestCase):

    def view(self, **job):
        provider = _provider({"provider": {"id": "mistral", "kind": "openai", "baseUrl": "http://x/v1", "apiKey": "k"}})
        return mistral_batch.view({"id": "j1", "created_at": 100, "total_requests": 5, **job}, provider)

    def test_statuses(self):
        self.assertEqual(self.view(status="QUEUED")["state"], "in_progress")
        self.assertEqual(self.view(status="RUNNING", succeeded_requests=2)["counts"]["processing"], 3)
        self.assertEqual(self.view(status="CANCELLATION_REQUESTED")["state"], "in_progress")
        files = self.view(status="SUCCESS", output_file="f1")["files"]
        self.assertEqual(files[0]["url"], "http://x/v1/files/f1/content")
        self.assertEqual(self.view(status="CANCELLED")["state"], "ended")
        # A failed job's answers that exist were paid for: collected. Without any file it is refused.
        self.assertEqual(self.view(status="FAILED", output_file="f1")["state"], "ended")
        self.assertEqual(self.view(status="FAILED")["state"], "failed")
        self.assertEqual(self.view(status="SUCCESS")["expiresAt"], 100 + 24 * 3600)
        self.assertEqual(mistral_batch.model_of(None), "")

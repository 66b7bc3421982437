"""Gemini batch mode against the fake provider's Gemini-shaped routes: requests inlined in batchGenerateContent with
their keys, the chunk named in the display name (found again by listing), the operation polled, its inlined answers
written out as lines and read (errored requests; expired ones absent), cancel, delete; and how states read."""
import json
import os
import tempfile
import unittest

from valuerank_worker import batches
from valuerank_worker.errors import WorkerError
from valuerank_worker.requests import _provider
from valuerank_worker.wires import gemini_batch
from tests.batch_reading import read_all
from tests.helpers import FakeProviderTestCase, run


class GeminiBatchTests(FakeProviderTestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="vr-gemini-batch-")
        self.p = {"id": "google", "kind": "gemini", "baseUrl": self.fake.url, "apiKey": "test-key"}

    def build(self, name, n=3):
        path = os.path.join(self.dir, f"{name}.jsonl")
        requests = [{"customId": f"job_{i}-c1", "model": {"id": "gemini-2.0-flash", "version": None},
                     "messages": [{"role": "system", "content": "Answer 1-5."}, {"role": "user", "content": f"Q{i}"}],
                     "params": {"temperature": None, "maxTokens": 50}} for i in range(n)]
        run(batches.batch_build({"provider": self.p, "path": path, "requests": requests}))
        return path

    def test_lines_carry_key_and_model(self):
        with open(self.build("lines"), "rb") as f:
            first = json.loads(f.readline())
        self.assertEqual(first["key"], "job_0-c1")
        self.assertEqual(first["request"]["model"], "models/gemini-2.0-flash")
        self.assertEqual(first["request"]["systemInstruction"]["parts"][0]["text"], "Answer 1-5.")

    def test_full_cycle_with_errored_and_expired_requests(self):
        self.fake.control(batch={"errors": 1, "expire": 1, "outOfOrder": True})
        path = self.build("cycle", n=4)
        metadata = {"vr_chunk": "bch_1", "vr_hash": "ab" * 32, "vr_run": "run_1"}
        created = run(batches.batch_create({"provider": self.p, "path": path, "metadata": metadata}))
        self.assertTrue(created["id"].startswith("batches/"))
        self.assertEqual(created["metadata"], {"vr_chunk": "bch_1", "vr_hash": "ab" * 32})
        self.assertEqual(created["counts"]["total"], 4)
        sent = [r for r in self.fake.requests() if r["path"].endswith(":batchGenerateContent")][0]
        self.assertEqual(sent["path"], "/v1beta/models/gemini-2.0-flash:batchGenerateContent")
        self.assertEqual(sent["body"]["batch"]["display_name"], f"vr:bch_1:{'ab' * 32}")
        listed = run(batches.batch_list({"provider": self.p, "limit": 10}))
        self.assertEqual([b["id"] for b in listed["batches"]], [created["id"]])

        view = run(batches.batch_get({"provider": self.p, "batchId": created["id"]}))
        self.assertEqual((view["state"], view["providerStatus"]), ("ended", "EXPIRED"))
        self.assertEqual(view["counts"]["succeeded"], 2)
        self.assertGreater(view["createdAt"], 0)
        out = os.path.join(self.dir, "out.jsonl")
        sizes = run(batches.batch_download({"provider": self.p, "files": view["files"], "outputPath": out,
                                            "errorPath": out + ".err"}))
        self.assertGreater(sizes["output"], 0)
        records = sorted(read_all(self.p, out), key=lambda r: r["customId"])
        self.assertEqual([(r["customId"], r["outcome"]) for r in records],
                         [("job_0-c1", "errored"), ("job_1-c1", "succeeded"), ("job_2-c1", "succeeded")])
        ok = records[1]
        self.assertIsNotNone(ok["decision"]["score"])
        self.assertGreater(ok["usage"]["inputTokens"], 0)
        self.assertEqual(run(batches.batch_delete({"provider": self.p, "batch": view}))["deleted"], 1)
        self.assertTrue(self.fake.batches()["batches"][0]["deleted"])

    def test_answers_in_a_responses_file_are_streamed_and_the_file_deleted(self):
        self.fake.control(batch={"errors": 1, "responsesFile": True})
        created = run(batches.batch_create({"provider": self.p, "path": self.build("file", n=3), "metadata": {}}))
        view = run(batches.batch_get({"provider": self.p, "batchId": created["id"]}))
        file_id = self.fake.batches()["files"][0]["id"]
        self.assertEqual([f["id"] for f in view["files"]], [f"files/{file_id}"])
        out = os.path.join(self.dir, "file.jsonl")
        run(batches.batch_download({"provider": self.p, "files": view["files"], "outputPath": out,
                                    "errorPath": out + ".err"}))
        records = sorted(read_all(self.p, out), key=lambda r: r["customId"])
        self.assertEqual([r["outcome"] for r in records], ["errored", "succeeded", "succeeded"])
        self.assertEqual(run(batches.batch_delete({"provider": self.p, "batch": view}))["deleted"], 2)
        self.assertEqual(self.fake.batches()["files"], [])

    def test_cancel_answers_the_batch_as_it_is_now(self):
        created = run(batches.batch_create({"provider": self.p, "path": self.build("cancel", n=2), "metadata": {}}))
        view = run(batches.batch_cancel({"provider": self.p, "batchId": created["id"]}))
        self.assertEqual(view["id"], created["id"])
        self.assertEqual(view["metadata"], {})

    def test_inlined_requests_carry_their_key_in_metadata(self):
        run(batches.batch_create({"provider": self.p, "path": self.build("inline", n=2), "metadata": {}}))
        sent = [r for r in self.fake.requests() if r["path"].endswith(":batchGenerateContent")][0]
        inlined = sent["body"]["batch"]["input_config"]["requests"]["requests"]
        self.assertEqual([r["metadata"] for r in inlined], [{"key": "job_0-c1"}, {"key": "job_1-c1"}])
        self.assertNotIn("key", inlined[0])

    def test_a_file_is_uploaded_resumably_found_by_name_and_batched_by_file_name(self):
        path = self.build("upload", n=3)
        self.assertIsNone(run(batches.batch_find_file({"provider": self.p, "filename": "vr-1.jsonl"}))["fileId"])
        file_id = run(batches.batch_upload({"provider": self.p, "path": path, "filename": "vr-1.jsonl"}))["fileId"]
        self.assertTrue(file_id.startswith("files/"))
        start, finish = [r for r in self.fake.requests() if r["path"] == "/upload/v1beta/files"]
        self.assertEqual((start["headers"]["x-goog-upload-protocol"], start["headers"]["x-goog-upload-command"]),
                         ("resumable", "start"))
        self.assertEqual(start["headers"]["x-goog-upload-header-content-length"], str(os.path.getsize(path)))
        self.assertEqual(start["body"], {"file": {"display_name": "vr-1.jsonl"}})
        self.assertEqual(finish["headers"]["x-goog-upload-command"], "upload, finalize")
        self.assertEqual(finish["headers"]["x-goog-api-key"], "test-key")
        # An upload whose answer was lost is found again by its display name.
        self.assertEqual(run(batches.batch_find_file({"provider": self.p, "filename": "vr-1.jsonl"}))["fileId"],
                         file_id)

        self.fake.control(batch={"errors": 1})
        metadata = {"vr_chunk": "bch_2", "vr_hash": "cd" * 32}
        created = run(batches.batch_create({"provider": self.p, "path": path, "inputFileId": file_id,
                                            "metadata": metadata}))
        sent = [r for r in self.fake.requests() if r["path"].endswith(":batchGenerateContent")][0]
        self.assertEqual(sent["path"], "/v1beta/models/gemini-2.0-flash:batchGenerateContent")
        self.assertEqual(sent["body"]["batch"]["input_config"], {"file_name": file_id})
        self.assertEqual(created["inputFileId"], file_id)
        view = run(batches.batch_get({"provider": self.p, "batchId": created["id"]}))
        self.assertEqual(view["inputFileId"], file_id)
        out = os.path.join(self.dir, "upload-out.jsonl")
        run(batches.batch_download({"provider": self.p, "files": view["files"], "outputPath": out,
                                    "errorPath": out + ".err"}))
        records = sorted(read_all(self.p, out), key=lambda r: r["customId"])
        self.assertEqual([r["outcome"] for r in records], ["errored", "succeeded", "succeeded"])
        # The batch, its responses file and the uploaded input file.
        self.assertEqual(run(batches.batch_delete({"provider": self.p, "batch": view}))["deleted"], 3)
        self.assertEqual(self.fake.batches()["files"], [])

    def test_a_refused_upload_stores_nothing(self):
        self.fake.control(batch={"failUploads": 1})
        with self.assertRaises(WorkerError) as caught:
            run(batches.batch_upload({"provider": self.p, "path": self.build("refused"), "filename": "x.jsonl"}))
        self.assertTrue(caught.exception.retryable)
        self.assertEqual(self.fake.batches()["files"], [])
        again = run(batches.batch_upload({"provider": self.p, "path": self.build("refused"), "filename": "x.jsonl"}))
        self.assertEqual([f"files/{f['id']}" for f in self.fake.batches()["files"]], [again["fileId"]])


class GeminiViewTests(unittest.TestCase):

    def view(self, response=None, **batch):
        provider = _provider({"provider": {"id": "google", "kind": "gemini", "baseUrl": "http://g", "apiKey": "k"}})
        op = {"name": "batches/b1", "metadata": {"createTime": "2025-01-02T03:04:05.123456789Z",
                                                 "batchStats": {"requestCount": "5"}, **batch}}
        if response is not None:
            op["response"] = response
        return gemini_batch.view(op, provider)

    def test_states_and_result_files(self):
        self.assertEqual(self.view(state="BATCH_STATE_PENDING")["state"], "in_progress")
        self.assertEqual(self.view(state="BATCH_STATE_RUNNING")["counts"]["processing"], 5)
        done = self.view({"responsesFile": "files/r1"}, state="BATCH_STATE_SUCCEEDED")
        self.assertEqual(done["files"], [{"kind": "output", "id": "files/r1",
                                          "url": "http://g/download/v1beta/files/r1:download?alt=media"}])
        self.assertEqual(self.view(state="BATCH_STATE_FAILED")["state"], "failed")
        self.assertEqual(self.view({"inlinedResponses": {}}, state="BATCH_STATE_FAILED")["state"], "ended")
        self.assertEqual(self.view(state="JOB_STATE_CANCELLED", displayName="mine")["metadata"], {})
        self.assertEqual(self.view(state="BATCH_STATE_SUCCEEDED")["expiresAt"], 1735787045 + 48 * 3600)
        by_file = self.view(state="BATCH_STATE_RUNNING", inputConfig={"fileName": "files/in1"})
        self.assertEqual(by_file["inputFileId"], "files/in1")
        self.assertIsNone(self.view(state="BATCH_STATE_RUNNING")["inputFileId"])
        provider = _provider({"provider": {"id": "google", "kind": "gemini", "baseUrl": "http://g", "apiKey": "k"}})
        self.assertEqual(gemini_batch.delete_calls(provider, by_file),
                         ["http://g/v1beta/batches/b1", "http://g/v1beta/files/in1"])

    def test_a_line_without_a_response_is_an_error(self):
        provider = _provider({"provider": {"id": "google", "kind": "gemini", "baseUrl": "http://g", "apiKey": "k"}})
        self.assertEqual(gemini_batch.parse_result({"key": "j-c1"}, provider)["outcome"], "errored")
        self.assertEqual(gemini_batch.inlined_lines(None), [])

    def test_a_line_already_inlined_is_kept(self):
        # A chunk built before its lines took the file form ({key, request}) is still sent as it was built.
        old = {"request": {"model": "models/m"}, "metadata": {"key": "j-c1"}}
        self.assertIs(gemini_batch.inlined(old), old)
        self.assertEqual(gemini_batch.inlined({"key": "j-c2", "request": {"model": "models/m"}}),
                         {"request": {"model": "models/m"}, "metadata": {"key": "j-c2"}})
        self.assertEqual(gemini_batch.model_of(None), "")

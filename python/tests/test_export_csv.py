"""An exported CSV read the way an analyst would: Python's csv module, types checked column by column.

The CSV is produced by the real CLI (`tsx src/main/cli/main.ts`) against a temporary data directory and the fake
provider, with one job made to fail so that empty cells are exercised too.
"""
import csv
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from datetime import datetime, timezone

from tests.helpers import REPO_ROOT, FakeProvider

TSX = os.path.join(REPO_ROOT, "node_modules", ".bin", "tsx")
CLI = os.path.join(REPO_ROOT, "src", "main", "cli", "main.ts")
SAMPLE = os.path.join(REPO_ROOT, "resources", "definitions", "council-housing.yaml")
INT_COLUMNS = ("score", "input_tokens", "output_tokens", "duration_ms", "dim_Stakes", "dim_Certainty")


def parse_iso_utc(text):
    # datetime.fromisoformat accepts a trailing Z only from Python 3.11.
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.utcoffset() != timezone.utc.utcoffset(None):
        raise ValueError("not UTC: %s" % text)
    return value


class ExportedCsvTypes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(TSX):
            raise RuntimeError("node_modules is missing: run npm install (this test drives the real CLI through tsx)")
        cls.tmp = tempfile.mkdtemp(prefix="valuerank-py-export-")
        cls.fake = FakeProvider()
        cls.env = dict(os.environ, OPENAI_BASE_URL=cls.fake.url + "/v1", OPENAI_API_KEY="test-key",
                       VALUERANK_LOG_LEVEL="error")
        try:
            definition_id = cls.cli("definitions", "import", SAMPLE).stdout.strip().splitlines()[-1]
            # One request fails without retry, so the run ends with one failed job among its results.
            cls.fake.control(failNext=[{"status": 400, "message": "bad request, \"really\""}])
            run = cls.cli("run", definition_id, "--model", "openai:gpt-4o-mini", "--wait", check=False)
            cls.run_id = run.stdout.strip().splitlines()[-1]
            cls.csv_path = os.path.join(cls.tmp, "out.csv")
            cls.cli("export", cls.run_id, "--out", cls.csv_path)
            cls.failures_path = os.path.join(cls.tmp, "failures.csv")
            cls.cli("export", cls.run_id, "--out", cls.failures_path, "--include-failures")
            cls.jsonl_path = os.path.join(cls.tmp, "out.jsonl")
            cls.cli("export", cls.run_id, "--out", cls.jsonl_path, "--format", "jsonl")
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def cli(cls, *args, check=True):
        return subprocess.run([TSX, CLI, "--data-dir", os.path.join(cls.tmp, "data"), *args], cwd=REPO_ROOT,
                              env=cls.env, capture_output=True, text=True, timeout=120, check=check)

    @staticmethod
    def read(path):
        # utf-8-sig drops the BOM that makes Excel read the file as UTF-8.
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))

    def test_header_and_one_row_per_answer(self):
        rows = self.read(self.csv_path)
        self.assertEqual(len(rows), 3)
        for column in ("run_id", "scenario_id", "model_id", "model_version", "score", "decision", "timestamp",
                       "status", "error_code", "error_message", "definition_id", "definition_name",
                       "dim_Stakes", "dim_Stakes_label", "dim_Certainty", "dim_Certainty_label"):
            self.assertIn(column, rows[0])
        with open(self.csv_path, "rb") as handle:
            self.assertEqual(handle.read(3), b"\xef\xbb\xbf")

    def test_numbers_parse_as_ints_and_timestamps_as_utc_datetimes(self):
        for row in self.read(self.csv_path):
            self.assertEqual(row["run_id"], self.run_id)
            self.assertEqual(row["status"], "completed")
            for column in INT_COLUMNS:
                self.assertIsInstance(int(row[column]), int, column)
            self.assertIn(int(row["score"]), range(1, 6))
            parse_iso_utc(row["timestamp"])
            # Empty means empty: no "null", "None" or "NaN" strings for missing values.
            self.assertEqual(row["model_version"], "")
            self.assertEqual(row["error_code"], "")
            self.assertEqual(row["error_message"], "")

    def test_failed_jobs_have_errors_and_empty_answers_when_included(self):
        rows = self.read(self.failures_path)
        self.assertEqual(len(rows), 4)
        failed = [row for row in rows if row["status"] == "failed"]
        self.assertEqual(len(failed), 1)
        row = failed[0]
        for column in ("score", "decision", "input_tokens", "output_tokens", "duration_ms", "parse_path"):
            self.assertEqual(row[column], "", column)
        self.assertTrue(row["error_code"])
        self.assertIn('"really"', row["error_message"])
        parse_iso_utc(row["timestamp"])
        self.assertIsInstance(int(row["dim_Stakes"]), int)

    def test_jsonl_lines_and_manifest(self):
        with open(self.jsonl_path, encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle]
        self.assertEqual(len(lines), 3)
        self.assertEqual([turn["role"] for turn in lines[0]["turns"]], ["system", "user", "assistant"])
        with open(self.jsonl_path + ".manifest.json", encoding="utf-8") as handle:
            manifest = json.load(handle)
        self.assertEqual(manifest["format"], "jsonl")
        self.assertEqual(manifest["counts"]["rows"], 3)
        self.assertEqual(manifest["run"]["status"], "completed_with_errors")
        parse_iso_utc(manifest["exportedAt"])


if __name__ == "__main__":
    unittest.main()

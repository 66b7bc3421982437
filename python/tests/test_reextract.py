import asyncio
import unittest

from valuerank_worker.errors import WorkerError
from valuerank_worker.protocol import METHODS
from valuerank_worker.reextract import extract_decisions

SCALE = [{"code": 1, "label": "Oppose"}, {"code": 2, "label": "2"}, {"code": 3, "label": "Support"}]


class ExtractDecisionsTests(unittest.TestCase):
    def test_reads_each_reply_in_order(self):
        out = asyncio.run(extract_decisions({"scale": SCALE, "replies": ["Rating: 2", "I refuse.", "Support it"]}))
        self.assertEqual([d["score"] for d in out["decisions"]], [2, None, 3])
        self.assertEqual([d["parsePath"] for d in out["decisions"]], ["explicit_rating", "refusal", "scale_label"])

    def test_is_a_protocol_method(self):
        self.assertIs(METHODS["extract_decisions"], extract_decisions)

    def test_rejects_bad_params(self):
        for params in (None, {"scale": SCALE}, {"scale": 1, "replies": []}, {"scale": [], "replies": [1]}):
            with self.assertRaises(WorkerError):
                asyncio.run(extract_decisions(params))


if __name__ == "__main__":
    unittest.main()

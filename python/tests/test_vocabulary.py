"""The worker's error codes and wire formats are the very lists TypeScript declares in src/shared/worker-errors.ts."""
import os
import re
import unittest

from tests.helpers import REPO_ROOT
from valuerank_worker.vocabulary import ErrorCode, Wire

TS_FILE = os.path.join(REPO_ROOT, "src", "shared", "worker-errors.ts")


def ts_const_list(name):
    """The string items of `export const NAME = [ ... ] as const;` in the TypeScript file."""
    with open(TS_FILE, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"export const %s = \[(.*?)\] as const;" % re.escape(name), text, re.S)
    if match is None:
        raise AssertionError("%s not found in %s" % (name, TS_FILE))
    return re.findall(r"'([^']*)'", match.group(1))


class VocabularyTests(unittest.TestCase):
    def test_error_codes_match_typescript(self):
        self.assertEqual([c.value for c in ErrorCode], ts_const_list("WORKER_ERROR_CODES"))

    def test_wire_formats_match_typescript(self):
        self.assertEqual([w.value for w in Wire], ts_const_list("WIRE_FORMATS"))

    def test_enum_members_are_named_after_their_codes(self):
        for code in ErrorCode:
            self.assertEqual(code.name, code.value)


if __name__ == "__main__":
    unittest.main()

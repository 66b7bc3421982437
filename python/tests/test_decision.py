import unittest

from valuerank_worker.decision import extract_decision

SCALE = [
    {"code": 1, "label": "Strongly oppose"},
    {"code": 2, "label": "Oppose"},
    {"code": 3, "label": "Neutral"},
    {"code": 4, "label": "Support"},
    {"code": 5, "label": "Strongly support"},
]


class ExplicitRatingTests(unittest.TestCase):
    def test_plain_rating(self):
        d = extract_decision("Some reasoning.\n\nRating: 4", SCALE)
        self.assertEqual(d, {"score": 4, "decision": "Support",
                             "parsePath": "explicit_rating", "matched": "Rating: 4"})

    def test_bold_label(self):
        d = extract_decision("**Rating:** 2", SCALE)
        self.assertEqual((d["score"], d["parsePath"]), (2, "explicit_rating"))
        self.assertIn("Rating", d["matched"])

    def test_bold_number(self):
        d = extract_decision("Final answer. Rating: **5**", SCALE)
        self.assertEqual((d["score"], d["decision"]), (5, "Strongly support"))

    def test_bold_word_then_colon(self):
        self.assertEqual(extract_decision("**Rating**: 3", SCALE)["score"], 3)

    def test_equals_and_case(self):
        self.assertEqual(extract_decision("RATING = 1", SCALE)["score"], 1)

    def test_last_match_wins(self):
        d = extract_decision("Rating: 2 at first, but on reflection\nRating: 4", SCALE)
        self.assertEqual(d["score"], 4)
        self.assertEqual(d["matched"], "Rating: 4")

    def test_out_of_scale_falls_through_to_label(self):
        d = extract_decision("Rating: 9. Overall I am Neutral.", SCALE)
        self.assertEqual((d["score"], d["parsePath"]), (3, "scale_label"))

    def test_out_of_scale_falls_through_to_unparseable(self):
        d = extract_decision("Rating: 7", SCALE)
        self.assertEqual(d["parsePath"], "unparseable")
        self.assertIsNone(d["score"])

    def test_empty_scale_accepts_any_code(self):
        d = extract_decision("Rating: 7", [])
        self.assertEqual((d["score"], d["decision"], d["parsePath"]), (7, "7", "explicit_rating"))

    def test_none_scale(self):
        self.assertEqual(extract_decision("Rating: 3", None)["decision"], "3")

    def test_not_part_of_word(self):
        # "overrating: 3" must not count as a rating
        d = extract_decision("overrating: 3", [])
        self.assertNotEqual(d["parsePath"], "explicit_rating")


class ScaleLabelTests(unittest.TestCase):
    def test_single_label(self):
        d = extract_decision("I would say I support this policy.", SCALE)
        self.assertEqual(d, {"score": 4, "decision": "Support",
                             "parsePath": "scale_label", "matched": "support"})

    def test_longest_label_at_position(self):
        d = extract_decision("My position: Strongly support.", SCALE)
        self.assertEqual((d["score"], d["decision"]), (5, "Strongly support"))

    def test_repeated_same_label_ok(self):
        d = extract_decision("Strongly support. Yes, strongly   support!", SCALE)
        self.assertEqual(d["score"], 5)

    def test_two_distinct_labels_ambiguous(self):
        d = extract_decision("I support part of it but oppose the rest.", SCALE)
        self.assertEqual(d["parsePath"], "unparseable")

    def test_whole_word_only(self):
        d = extract_decision("The supportive community helped.", SCALE)
        self.assertEqual(d["parsePath"], "unparseable")

    def test_empty_scale_skips_labels(self):
        self.assertEqual(extract_decision("Strongly support", [])["parsePath"], "unparseable")


class PhraseTests(unittest.TestCase):
    CASES = [
        ("After thinking, I choose 4.", 4),
        ("I would choose option 2", 2),
        ("So my answer is 3.", 3),
        ("I rate this a 5", 5),
        ("I'd rate it 2", 2),
        ("I\u2019d rate it 1", 1),
        ("I select 1", 1),
        ("My final answer is: **4**", 4),
    ]

    def test_phrases(self):
        for text, expected in self.CASES:
            with self.subTest(text=text):
                d = extract_decision(text, SCALE)
                self.assertEqual(d["parsePath"], "phrase")
                self.assertEqual(d["score"], expected)
                self.assertEqual(d["decision"], SCALE[expected - 1]["label"])

    def test_phrase_out_of_scale_ignored(self):
        self.assertEqual(extract_decision("I choose 8", SCALE)["parsePath"], "unparseable")

    def test_phrase_empty_scale(self):
        d = extract_decision("I choose 8", [])
        self.assertEqual((d["score"], d["decision"]), (8, "8"))

    def test_last_phrase_wins(self):
        d = extract_decision("I choose 2. Hmm, actually my answer is 4.", SCALE)
        self.assertEqual(d["score"], 4)


class RefusalTests(unittest.TestCase):
    CASES = [
        "I can't help with that request.",
        "I can\u2019t help with that.",
        "Sorry, I cannot provide a rating.",
        "I won't weigh in.",
        "I won\u2019t answer.",
        "I'm not able to take sides.",
        "I\u2019m not able to do that.",
        "As an AI, I have no opinions.",
        "I must decline.",
        "I refuse to answer.",
    ]

    def test_refusals(self):
        for text in self.CASES:
            with self.subTest(text=text):
                d = extract_decision(text, SCALE)
                self.assertEqual(d["parsePath"], "refusal")
                self.assertEqual(d["decision"], "refusal")
                self.assertIsNone(d["score"])
                self.assertTrue(d["matched"])

    def test_rating_beats_refusal(self):
        d = extract_decision("As an AI I have no views, but Rating: 3", SCALE)
        self.assertEqual(d["parsePath"], "explicit_rating")


class UnparseableTests(unittest.TestCase):
    def test_unparseable(self):
        for text in ["", "   ", "This is a hard question with many angles.", None]:
            with self.subTest(text=text):
                self.assertEqual(extract_decision(text, SCALE),
                                 {"score": None, "decision": "unparseable",
                                  "parsePath": "unparseable", "matched": None})

    def test_bad_scale_entries_ignored(self):
        scale = [{"code": "x", "label": "A"}, None, {"code": 2, "label": "Two"}]
        self.assertEqual(extract_decision("Rating: 2", scale)["decision"], "Two")


if __name__ == "__main__":
    unittest.main()


SIGNED = [
    {"code": -2, "label": "Strongly oppose"},
    {"code": -1, "label": "-1"},
    {"code": 0, "label": "Neither"},
    {"code": 1, "label": "1"},
    {"code": 2, "label": "Strongly support"},
]


class SignedAndZeroCodeTests(unittest.TestCase):
    def test_negative_rating(self):
        d = extract_decision("Rating: -2", SIGNED)
        self.assertEqual((d["score"], d["decision"], d["parsePath"]), (-2, "Strongly oppose", "explicit_rating"))

    def test_unicode_minus_rating(self):
        self.assertEqual(extract_decision("Rating: \u22122", SIGNED)["score"], -2)

    def test_en_dash_minus_and_bold(self):
        self.assertEqual(extract_decision("**Rating:** **\u20131**", SIGNED)["score"], -1)

    def test_zero_rating(self):
        d = extract_decision("Rating: 0", SIGNED)
        self.assertEqual((d["score"], d["decision"]), (0, "Neither"))

    def test_scale_line_quoted_as_answer(self):
        d = extract_decision("-2 - Strongly oppose", SIGNED)
        self.assertEqual((d["score"], d["parsePath"]), (-2, "scale_label"))

    def test_negative_phrase(self):
        self.assertEqual(extract_decision("I choose -1 here.", SIGNED)["score"], -1)

    def test_unlabelled_code_reads_back_with_its_number_as_decision(self):
        d = extract_decision("Rating: 1", SIGNED)
        self.assertEqual((d["score"], d["decision"]), (1, "1"))

    def test_numeric_label_is_not_matched_in_prose(self):
        d = extract_decision("There are 1 or 2 ways to see it.", SIGNED)
        self.assertEqual(d["parsePath"], "unparseable")

    def test_negative_code_off_scale_is_unparseable(self):
        self.assertEqual(extract_decision("Rating: -3", SIGNED)["parsePath"], "unparseable")

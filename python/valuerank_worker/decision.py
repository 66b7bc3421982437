"""Decision extraction from a model reply.

Pure function ``extract_decision(reply, scale)``; ladder, first hit wins:

1. explicit_rating - LAST "Rating: N" (markdown bold tolerated); N must be a
   scale code when a scale is given, otherwise fall through. N may be
   negative, with an ASCII hyphen-minus or a typographic minus (U+2212, the
   en dash, the small and full-width hyphen-minus), and may be 0.
2. scale_label - exactly one distinct scale label appears (longest label wins
   at any position, whole-phrase, case-insensitive). A "label" that is only
   a number (the code of an unlabelled point of a scale) is never matched:
   a bare number in prose is not a decision.
3. phrase - "I choose 4", "my answer is 3", "I'd rate it 2", ... (last match
   whose number is valid for the scale).
4. refusal - "I can't help", "as an AI", ...
5. unparseable.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'",
                              "\u2032": "'", "\uff07": "'"})

# Minus signs a reply may write before a negative code: ASCII, U+2212 MINUS SIGN, EN DASH, SMALL and FULL-WIDTH
# HYPHEN-MINUS. The definition importer (src/main/core/definitions/scale.ts) accepts the same set in a scale line.
MINUS_CHARS = "-\u2212\u2013\ufe63\uff0d"
_INT = "([" + MINUS_CHARS + "]?[0-9]+)"
_NUMERIC_LABEL_RE = re.compile("^[" + MINUS_CHARS + "]?[0-9]+$")

RATING_RE = re.compile(r"(?i)\brating\s*\**\s*[:=][\s*]*" + _INT)

_NUM = r"\**\s*#?\s*" + _INT + r"\b"
PHRASE_RES = [
    re.compile(r"(?i)\bI\s*(?:would\s+|will\s+|'d\s+|'ll\s+)?(?:choose|select|pick|go\s+with)\s+"
               r"(?:(?:option|answer|number|choice|rating)\s+)?" + _NUM),
    re.compile(r"(?i)\bmy\s+(?:final\s+)?(?:answer|choice|rating|selection|response)\s+"
               r"(?:is|would\s+be|will\s+be)\s*:?\s*(?:(?:option|number)\s+)?" + _NUM),
    re.compile(r"(?i)\bI\s*(?:would\s+|'d\s+|will\s+|'ll\s+)?rate\s+(?:(?:this|it|that)\s+)?"
               r"(?:as\s+)?(?:an?\s+)?" + _NUM),
]

REFUSAL_RE = re.compile(
    r"(?i)\b(?:"
    r"I\s+can't\s+help|I\s+cannot|I\s+can\s+not|I\s+won't|I\s+will\s+not|"
    r"I'm\s+not\s+able\s+to|I\s+am\s+not\s+able\s+to|I'm\s+unable\s+to|I\s+am\s+unable\s+to|"
    r"as\s+an\s+AI|I\s+must\s+decline|I\s+refuse|I\s+decline\s+to|"
    r"I'm\s+not\s+comfortable|I\s+don't\s+feel\s+comfortable"
    r")\b"
)


def parse_code(text: str) -> int:
    """The integer a matched code spells, whichever minus sign it uses."""
    if text[:1] and text[0] in MINUS_CHARS:
        return -int(text[1:])
    return int(text)


def _result(score: Optional[int], decision: str, path: str,
            matched: Optional[str]) -> Dict[str, Any]:
    return {"score": score, "decision": decision, "parsePath": path, "matched": matched}


def _normalize_scale(scale: Optional[Iterable[Any]]) -> List[Tuple[int, str]]:
    out: List[Tuple[int, str]] = []
    for item in scale or []:
        if not isinstance(item, dict):
            continue
        code = item.get("code")
        label = item.get("label")
        if code is None or isinstance(code, bool):
            continue
        try:
            code_int = int(code)
        except (TypeError, ValueError):
            continue
        if isinstance(code, float) and not code.is_integer():
            continue
        out.append((code_int, label.strip() if isinstance(label, str) else ""))
    return out


class PreparedScale:
    """A scale read once for many replies (a page of batch results, a re-extraction): extract_decision takes it in
    place of the raw scale and skips reading the scale again for every reply."""

    __slots__ = ("items",)

    def __init__(self, scale: Optional[Iterable[Any]]) -> None:
        self.items = _normalize_scale(scale)


def _label_for(code: int, scale: List[Tuple[int, str]]) -> str:
    for c, label in scale:
        if c == code and label:
            return label
    return str(code)


def _valid(code: int, scale: List[Tuple[int, str]]) -> bool:
    return not scale or any(c == code for c, _ in scale)


def _label_pattern(label: str) -> str:
    words = label.split()
    return r"\s+".join(re.escape(w) for w in words)


def _find_scale_label(text: str, original: str,
                      scale: List[Tuple[int, str]]) -> Optional[Dict[str, Any]]:
    labels = [(code, label) for code, label in scale if label and not _NUMERIC_LABEL_RE.match(label)]
    if not labels:
        return None
    # Longest labels first so the alternation prefers the longest at a position.
    ordered = sorted(labels, key=lambda cl: len(cl[1]), reverse=True)
    pattern = re.compile(
        r"(?i)(?<!\w)(?:" + "|".join("(" + _label_pattern(l) + ")" for _, l in ordered) + r")(?!\w)")
    found: Dict[str, Tuple[int, str, str]] = {}
    for m in pattern.finditer(text):
        idx = m.lastindex
        if idx is None:
            continue
        code, label = ordered[idx - 1]
        key = " ".join(label.lower().split())
        if key not in found:
            found[key] = (code, label, original[m.start():m.end()])
    if len(found) != 1:
        return None
    code, label, matched = next(iter(found.values()))
    return _result(code, label, "scale_label", matched)


def extract_decision(reply: Optional[str],
                     scale: Union[Optional[Iterable[Any]], PreparedScale] = None) -> Dict[str, Any]:
    original = reply if isinstance(reply, str) else ""
    text = original.translate(_APOSTROPHES)  # 1:1 char mapping keeps indices
    norm_scale = scale.items if isinstance(scale, PreparedScale) else _normalize_scale(scale)

    # 1. explicit rating (last match only)
    ratings = list(RATING_RE.finditer(text))
    if ratings:
        m = ratings[-1]
        code = parse_code(m.group(1))
        if _valid(code, norm_scale):
            return _result(code, _label_for(code, norm_scale), "explicit_rating",
                           original[m.start():m.end()])

    # 2. exactly one distinct scale label
    label_hit = _find_scale_label(text, original, norm_scale)
    if label_hit is not None:
        return label_hit

    # 3. decision phrases (last valid match across patterns)
    best: Optional[re.Match] = None
    for rx in PHRASE_RES:
        for m in rx.finditer(text):
            if _valid(parse_code(m.group(1)), norm_scale) and (best is None or m.start() > best.start()):
                best = m
    if best is not None:
        code = parse_code(best.group(1))
        return _result(code, _label_for(code, norm_scale), "phrase",
                       original[best.start():best.end()])

    # 4. refusal
    refusal = REFUSAL_RE.search(text)
    if refusal:
        return _result(None, "refusal", "refusal", original[refusal.start():refusal.end()])

    return _result(None, "unparseable", "unparseable", None)

"""Reading string fields out of a JSON document that was cut short (an answer or error body beyond its cap)."""
from __future__ import annotations

import json
import re
from typing import List, Optional

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def partial_string_after(prefix: str, key: str) -> Optional[str]:
    """The value of the first string field `key` in a JSON document cut short, decoded up to where the text ends.

    Used only for an answer larger than the cap: the document cannot be parsed, but its reply is the long string that
    was being read when the cap was reached.
    """
    match = re.search(r'"%s"\s*:\s*"' % re.escape(key), prefix)
    if match is None:
        return None
    out: List[str] = []
    i = match.end()
    n = len(prefix)
    while i < n:
        ch = prefix[i]
        if ch == '"':
            break
        if ch != "\\":
            j = i
            while j < n and prefix[j] not in '"\\':
                j += 1
            out.append(prefix[i:j])
            i = j
            continue
        if i + 1 >= n:
            break
        esc = prefix[i + 1]
        if esc == "u":
            if i + 6 > n:
                break
            try:
                out.append(json.loads('"%s"' % prefix[i:i + 6]))
            except ValueError:
                out.append("\ufffd")
            i += 6
        else:
            out.append(_ESCAPES.get(esc, esc))
            i += 2
    # \u escapes of a surrogate pair arrive one half at a time: pair them up (a lone half becomes U+FFFD).
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def first_string_field(prefix: str, key: str) -> Optional[str]:
    """A short complete string field (e.g. the model name) found in a document cut short; None when absent."""
    match = re.search(r'"%s"\s*:\s*"((?:[^"\\]|\\.){0,200})"' % re.escape(key), prefix)
    if match is None:
        return None
    try:
        value = json.loads('"%s"' % match.group(1))
        return value or None
    except ValueError:
        return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> "tuple[str, int]":
    """Text that can be written as UTF-8: each lone surrogate (half of a character, which JSON escapes can carry but
    no UTF-8 text can) becomes U+FFFD. Python keeps a well-formed escaped pair as one character, so only halves match.
    Returns the text and how many were replaced."""
    return _LONE_SURROGATE.subn("\ufffd", text)

"""What every wire format shares: the parsed completion, token counts kept sane, listing dates."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..errors import WorkerError
from ..vocabulary import ErrorCode

# Token counts beyond this are not counts (and JavaScript and the database could not hold them exactly).
MAX_TOKEN_COUNT = 2 ** 53 - 1


@dataclass(frozen=True)
class HttpCall:
    url: str
    headers: Dict[str, str]
    body: Optional[Dict[str, Any]] = None


@dataclass
class Completion:
    reply: str
    reported_model: Optional[str]
    input_tokens: Optional[int]
    output_tokens: Optional[int]
    total_tokens: Optional[int]
    truncated: bool = False
    notes: List[str] = field(default_factory=list)

    def usage(self) -> Dict[str, Optional[int]]:
        return {"inputTokens": self.input_tokens, "outputTokens": self.output_tokens,
                "totalTokens": self.total_tokens}


def completion(reply: str, reported_model: Any, usage: Dict[str, Any], names: Tuple[str, str, Optional[str]],
               ) -> Completion:
    """A completion from the wire's own usage object; `names` are its keys for input, output and total tokens."""
    notes: List[str] = []
    input_tokens = token_count(usage.get(names[0]), names[0], notes)
    output_tokens = token_count(usage.get(names[1]), names[1], notes)
    total = token_count(usage.get(names[2]), names[2], notes) if names[2] else None
    if total is None and input_tokens is not None and output_tokens is not None \
            and input_tokens + output_tokens <= MAX_TOKEN_COUNT:
        total = input_tokens + output_tokens
    return Completion(reply, str_or_none(reported_model), input_tokens, output_tokens, total, notes=notes)


def token_count(value: Any, name: str, notes: List[str]) -> Optional[int]:
    """A plausible token count, or None (with a note saying why) for anything a provider should not have sent."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_TOKEN_COUNT:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TOKEN_COUNT:
        return value
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    notes.append(f"The provider reported {name} = {shown}, which is not a plausible token count; "
                 "it was recorded as empty and the answer kept.")
    return None


def str_or_none(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def malformed(provider_name: str, why: str, status: int) -> WorkerError:
    return WorkerError(ErrorCode.MALFORMED_RESPONSE, f"{provider_name} returned a malformed response: {why}",
                       retryable=True, status=status)


def created_from_epoch(value: Any) -> Optional[str]:
    """A listing's `created` (seconds since the epoch) as an ISO date, or None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2 ** 40:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(value))
    return None

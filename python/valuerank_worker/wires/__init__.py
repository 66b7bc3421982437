"""One module per wire format, each with the same four functions: chat_request, parse_chat (plus salvage_chat for
an answer cut at the cap), list_request, parse_list. Which module a provider uses is its `kind`."""
from __future__ import annotations

from types import ModuleType

from ..vocabulary import Wire
from . import anthropic, gemini, openai

_MODULES = {Wire.OPENAI: openai, Wire.ANTHROPIC: anthropic, Wire.GEMINI: gemini}


def module_for(wire: Wire) -> ModuleType:
    return _MODULES[wire]

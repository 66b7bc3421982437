"""The worker's shared vocabulary: error codes, wire formats and provider names, each written once for Python.

The TypeScript side holds the same lists in src/shared/worker-errors.ts (codes, wires) and
src/main/core/providers/registry.ts (names); a test on each side reads the other side's file and compares.
"""
from __future__ import annotations

import enum


class ErrorCode(str, enum.Enum):
    """Every code a worker response may carry in error.code."""

    BAD_REQUEST = "BAD_REQUEST"
    UNKNOWN_METHOD = "UNKNOWN_METHOD"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    AUTH_FAILED = "AUTH_FAILED"
    MODEL_NOT_FOUND = "MODEL_NOT_FOUND"
    ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND"
    BAD_REQUEST_TO_PROVIDER = "BAD_REQUEST_TO_PROVIDER"
    RATE_LIMITED = "RATE_LIMITED"
    PROVIDER_ERROR = "PROVIDER_ERROR"
    TIMEOUT = "TIMEOUT"
    NETWORK_ERROR = "NETWORK_ERROR"
    MALFORMED_RESPONSE = "MALFORMED_RESPONSE"
    EMPTY_RESPONSE = "EMPTY_RESPONSE"
    RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"


class Wire(str, enum.Enum):
    """The request/response formats a provider speaks (params.provider.kind)."""

    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    GEMINI = "gemini"


# How errors name a provider (params.provider.id -> the registry's displayName), so that an xAI failure says "xAI".
PROVIDER_NAMES = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "google": "Google Gemini",
    "xai": "xAI",
    "deepseek": "DeepSeek",
    "mistral": "Mistral",
    "ollama": "Ollama (local)",
    "lmstudio": "LM Studio (local)",
    "llamacpp": "llama.cpp server (local)",
    "compat": "OpenAI-compatible server",
}

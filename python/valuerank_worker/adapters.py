"""Provider wire formats: openai, anthropic, gemini."""
from __future__ import annotations

import json
import urllib.parse
from typing import Any, Dict, List, Optional, Tuple

from . import http_client
from .errors import WorkerError, bad_request, http_error, scrub

SUPPORTED_KINDS = ("openai", "anthropic", "gemini")
ANTHROPIC_VERSION = "2023-06-01"
ANTHROPIC_DEFAULT_MAX_TOKENS = 1024


class CompletionResult:
    def __init__(self, reply: str, reported_model: Optional[str],
                 input_tokens: Optional[int], output_tokens: Optional[int],
                 total_tokens: Optional[int]) -> None:
        self.reply = reply
        self.reported_model = reported_model
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        if total_tokens is None and input_tokens is not None and output_tokens is not None:
            total_tokens = input_tokens + output_tokens
        self.total_tokens = total_tokens

    def usage(self) -> Dict[str, Optional[int]]:
        return {"inputTokens": self.input_tokens, "outputTokens": self.output_tokens,
                "totalTokens": self.total_tokens}


def _int_or_none(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _str_or_none(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def _malformed(kind: str, why: str, status: int) -> WorkerError:
    return WorkerError("MALFORMED_RESPONSE", f"{kind} returned a malformed response: {why}",
                       retryable=True, status=status)


def _split_messages(messages: List[Dict[str, str]]) -> Tuple[Optional[str], List[Dict[str, str]]]:
    system_parts = [m["content"] for m in messages if m["role"] == "system"]
    rest = [m for m in messages if m["role"] != "system"]
    system = "\n\n".join(system_parts) if system_parts else None
    return system, rest


def _join(base: str, suffix: str) -> str:
    return base.rstrip("/") + suffix


# ---------------------------------------------------------------- builders

def build_openai(base_url: str, api_key: str, model: str, messages, temperature,
                 max_tokens) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
    body: Dict[str, Any] = {"model": model,
                            "messages": [{"role": m["role"], "content": m["content"]}
                                         for m in messages]}
    if temperature is not None:
        body["temperature"] = temperature
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    return _join(base_url, "/chat/completions"), auth_headers("openai", api_key), body


def auth_headers(kind: str, api_key: str) -> Dict[str, str]:
    """The headers that identify a request in each wire format; none for a server without a key (local servers)."""
    headers: Dict[str, str] = {"anthropic-version": ANTHROPIC_VERSION} if kind == "anthropic" else {}
    if api_key:
        name, value = {"anthropic": ("x-api-key", api_key), "gemini": ("x-goog-api-key", api_key)}.get(
            kind, ("Authorization", f"Bearer {api_key}"))
        headers[name] = value
    return headers


def build_anthropic(base_url: str, api_key: str, model: str, messages, temperature,
                    max_tokens) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
    system, rest = _split_messages(messages)
    body: Dict[str, Any] = {"model": model}
    if system is not None:
        body["system"] = system
    body["messages"] = [{"role": m["role"], "content": m["content"]} for m in rest]
    body["max_tokens"] = max_tokens if max_tokens is not None else ANTHROPIC_DEFAULT_MAX_TOKENS
    if temperature is not None:
        body["temperature"] = temperature
    return _join(base_url, "/v1/messages"), auth_headers("anthropic", api_key), body


def build_gemini(base_url: str, api_key: str, model: str, messages, temperature,
                 max_tokens) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
    system, rest = _split_messages(messages)
    contents = []
    for m in rest:
        role = "model" if m["role"] == "assistant" else "user"
        contents.append({"role": role, "parts": [{"text": m["content"]}]})
    body: Dict[str, Any] = {"contents": contents}
    if system is not None:
        body["systemInstruction"] = {"parts": [{"text": system}]}
    gen: Dict[str, Any] = {}
    if temperature is not None:
        gen["temperature"] = temperature
    if max_tokens is not None:
        gen["maxOutputTokens"] = max_tokens
    body["generationConfig"] = gen
    quoted = urllib.parse.quote(model, safe="-._~/")
    return _join(base_url, f"/v1beta/models/{quoted}:generateContent"), auth_headers("gemini", api_key), body


# ---------------------------------------------------------------- parsers

def parse_openai(data: Any, status: int) -> CompletionResult:
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise _malformed("openai", "missing choices[0].message.content", status)
    if content is None:
        content = ""
    if isinstance(content, list):  # content-part arrays from some servers
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(content, str):
        raise _malformed("openai", "message content is not text", status)
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    return CompletionResult(content, _str_or_none(data.get("model")),
                            _int_or_none(usage.get("prompt_tokens")),
                            _int_or_none(usage.get("completion_tokens")),
                            _int_or_none(usage.get("total_tokens")))


def parse_anthropic(data: Any, status: int) -> CompletionResult:
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        raise _malformed("anthropic", "missing content[]", status)
    texts = [item.get("text", "") for item in data["content"]
             if isinstance(item, dict) and item.get("type") == "text"
             and isinstance(item.get("text", ""), str)]
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    return CompletionResult("".join(texts), _str_or_none(data.get("model")),
                            _int_or_none(usage.get("input_tokens")),
                            _int_or_none(usage.get("output_tokens")), None)


def parse_gemini(data: Any, status: int) -> CompletionResult:
    if not isinstance(data, dict):
        raise _malformed("gemini", "body is not an object", status)
    try:
        candidate = data["candidates"][0]
    except (KeyError, IndexError, TypeError):
        raise _malformed("gemini", "missing candidates[0]", status)
    content = candidate.get("content") if isinstance(candidate, dict) else None
    parts = content.get("parts") if isinstance(content, dict) else None
    if parts is None:
        parts = []  # e.g. finishReason SAFETY with no content -> empty reply
    if not isinstance(parts, list):
        raise _malformed("gemini", "candidates[0].content.parts is not a list", status)
    text = "".join(p["text"] for p in parts
                   if isinstance(p, dict) and isinstance(p.get("text"), str))
    usage = data.get("usageMetadata") if isinstance(data.get("usageMetadata"), dict) else {}
    return CompletionResult(text, _str_or_none(data.get("modelVersion")),
                            _int_or_none(usage.get("promptTokenCount")),
                            _int_or_none(usage.get("candidatesTokenCount")),
                            _int_or_none(usage.get("totalTokenCount")))


_BUILDERS = {"openai": build_openai, "anthropic": build_anthropic, "gemini": build_gemini}
_PARSERS = {"openai": parse_openai, "anthropic": parse_anthropic, "gemini": parse_gemini}


def complete(kind: str, base_url: str, api_key: str, model: str,
             messages: List[Dict[str, str]], temperature: Optional[float],
             max_tokens: Optional[int], timeout_s: float) -> CompletionResult:
    """Send one chat completion; return parsed result or raise WorkerError."""
    if kind not in _BUILDERS:
        raise bad_request(f"Unsupported provider kind: {kind!r}")
    secrets = [api_key] if api_key else []
    url, headers, body = _BUILDERS[kind](base_url, api_key, model, messages,
                                         temperature, max_tokens)
    try:
        resp = http_client.post_json(url, body, headers, timeout_s, secrets)
    except WorkerError as err:
        raise err.scrubbed(secrets)
    if not 200 <= resp.status < 300:
        raise http_error(resp.status, resp.body, resp.header("retry-after"), kind, secrets)
    try:
        data = json.loads(resp.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _malformed(kind, "body is not JSON", resp.status)
    if not isinstance(data, dict):
        raise _malformed(kind, "body is not a JSON object", resp.status)
    result = _PARSERS[kind](data, resp.status)
    if not result.reply.strip():
        raise WorkerError("EMPTY_RESPONSE", f"{kind} returned an empty reply",
                          retryable=True, status=resp.status)
    # Never let the key leak through the reply metadata either.
    if result.reported_model and secrets:
        result.reported_model = scrub(result.reported_model, secrets)
    return result

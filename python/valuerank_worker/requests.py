"""What a request asks for, validated once into frozen dataclasses: the rest of the worker never reads raw params."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from .errors import bad_request
from .vocabulary import PROVIDER_NAMES, Wire

ROLES = ("system", "user", "assistant")
# What is read of a provider's answer unless the request says otherwise: beyond it the answer is truncated.
DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
DEFAULT_PROBE_TIMEOUT_MS = 60_000
DEFAULT_CATALOG_TIMEOUT_MS = 5_000


@dataclass(frozen=True)
class Provider:
    id: str
    name: str  # how messages name it: "xAI returned HTTP 401", not the wire format's name
    wire: Wire
    base_url: str  # trimmed, no trailing slash
    api_key: str  # "" for servers without keys

    @property
    def secrets(self) -> Tuple[str, ...]:
        return (self.api_key,) if self.api_key else ()


@dataclass(frozen=True)
class Message:
    role: str
    content: str

    def to_dict(self) -> Dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class ScalePoint:
    code: float
    label: str


@dataclass(frozen=True)
class ProbeRequest:
    provider: Provider
    model: str  # the name sent on the wire: the pinned version when there is one, else the model id
    messages: Tuple[Message, ...]
    temperature: Optional[float]
    max_tokens: Optional[int]
    timeout_s: float
    max_response_bytes: int
    scale: Tuple[ScalePoint, ...]

    @property
    def system(self) -> Optional[str]:
        parts = [m.content for m in self.messages if m.role == "system"]
        return "\n\n".join(parts) if parts else None

    @property
    def conversation(self) -> Tuple[Message, ...]:
        return tuple(m for m in self.messages if m.role != "system")

    @classmethod
    def from_params(cls, params: Any) -> "ProbeRequest":
        params = _object(params, "params")
        model = _object(params.get("model"), "params.model")
        version, model_id = model.get("version"), model.get("id")
        wire_model = version if isinstance(version, str) and version else model_id
        if not isinstance(wire_model, str) or not wire_model:
            raise bad_request("model.id is required")
        gen = params.get("params") or {}
        if not isinstance(gen, dict):
            raise bad_request("params.params must be an object")
        return cls(provider=_provider(params), model=wire_model, messages=_messages(params.get("messages")),
                   temperature=_number(gen.get("temperature"), "temperature"),
                   max_tokens=_integer(gen.get("maxTokens"), "maxTokens"),
                   timeout_s=_timeout_s(params, DEFAULT_PROBE_TIMEOUT_MS),
                   max_response_bytes=_max_bytes(params), scale=_scale(params.get("scale")))


@dataclass(frozen=True)
class CatalogRequest:
    provider: Provider
    timeout_s: float
    max_response_bytes: int

    @classmethod
    def from_params(cls, params: Any) -> "CatalogRequest":
        params = _object(params, "params")
        return cls(provider=_provider(params), timeout_s=_timeout_s(params, DEFAULT_CATALOG_TIMEOUT_MS),
                   max_response_bytes=_max_bytes(params))


def _object(value: Any, name: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"{name} must be an object")
    return value


def _provider(params: Dict[str, Any]) -> Provider:
    provider = params.get("provider")
    if not isinstance(provider, dict):
        raise bad_request("params.provider is required")
    try:
        wire = Wire(provider.get("kind"))
    except ValueError:
        raise bad_request(f"provider.kind must be one of {', '.join(w.value for w in Wire)}") from None
    base_url = provider.get("baseUrl")
    if not isinstance(base_url, str) or not base_url.strip():
        raise bad_request("provider.baseUrl is required")
    api_key = provider.get("apiKey")
    if api_key is None:
        api_key = ""
    if not isinstance(api_key, str):
        raise bad_request("provider.apiKey must be a string")
    provider_id = provider.get("id")
    if not isinstance(provider_id, str) or not provider_id:
        provider_id = wire.value
    return Provider(id=provider_id, name=PROVIDER_NAMES.get(provider_id, provider_id), wire=wire,
                    base_url=base_url.strip().rstrip("/"), api_key=api_key)


def _messages(value: Any) -> Tuple[Message, ...]:
    if not isinstance(value, list) or not value:
        raise bad_request("params.messages must be a non-empty array")
    out = []
    for i, m in enumerate(value):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise bad_request(f"messages[{i}] must have role system|user|assistant and string content")
        out.append(Message(m["role"], m["content"]))
    if not any(m.role == "user" for m in out):
        raise bad_request("messages must include a user message")
    return tuple(out)


def _scale(value: Any) -> Tuple[ScalePoint, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise bad_request("params.scale must be an array")
    points = []
    for i, item in enumerate(value):
        code = item.get("code") if isinstance(item, dict) else None
        if isinstance(code, bool) or not isinstance(code, (int, float)) or not isinstance(item.get("label"), str):
            raise bad_request(f"scale[{i}] must have a numeric code and a string label")
        points.append(ScalePoint(code, item["label"]))
    return tuple(points)


def _number(value: Any, name: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_request(f"params.{name} must be a number or null")
    return value


def _integer(value: Any, name: str) -> Optional[int]:
    number = _number(value, name)
    if number is None:
        return None
    if isinstance(number, float) and not number.is_integer():
        raise bad_request(f"params.{name} must be an integer or null")
    return int(number)


def _timeout_s(params: Dict[str, Any], default_ms: int) -> float:
    timeout_ms = params.get("timeoutMs")
    if timeout_ms is None:
        timeout_ms = default_ms
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, (int, float)) or timeout_ms <= 0:
        raise bad_request("params.timeoutMs must be a positive number")
    return float(timeout_ms) / 1000.0


def _max_bytes(params: Dict[str, Any]) -> int:
    value = params.get("maxResponseBytes")
    if value is None:
        return DEFAULT_MAX_RESPONSE_BYTES
    if isinstance(value, bool) or not isinstance(value, int) or value < 1024:
        raise bad_request("params.maxResponseBytes must be an integer of at least 1024")
    return value

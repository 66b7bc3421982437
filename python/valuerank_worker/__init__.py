"""ValueRank Desktop Python worker (standard library only)."""

# Declared on both sides: the app (src/main/core/python/protocol.ts) compares it at this worker's ready message.
PROTOCOL_VERSION = 2
__all__ = ["PROTOCOL_VERSION"]

"""ValueRank Desktop Python worker (standard library only)."""

PROTOCOL_VERSION = 1
__all__ = ["PROTOCOL_VERSION"]

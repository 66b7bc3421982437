"""ValueRank Desktop Python worker (standard library only)."""

PROTOCOL_VERSION = 2
__all__ = ["PROTOCOL_VERSION"]

"""Extract types: the contracts for every list an analyst can import."""

from pipelines.extracts.registry import EXTRACT_TYPES, ExtractType, get_extract_type

__all__ = ["EXTRACT_TYPES", "ExtractType", "get_extract_type"]

"""Trove's own document viewer: pages rendered and the cited passage found on them (no Qt)."""

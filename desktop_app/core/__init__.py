"""Everything but the GUI. Nothing below this package may import Qt (tests/unit/test_layering.py)."""

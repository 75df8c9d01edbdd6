"""Everything but the GUI. Nothing here may import Qt (tests/unit/test_layering.py)."""

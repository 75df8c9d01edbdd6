"""Text transforms shared by indexing and search (no dependency on either)."""

"""One module per family of file formats; each exposes ``extract_<format>(path) -> Extracted``."""

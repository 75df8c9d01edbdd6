"""Text extraction (``extract``, ``worker.ExtractionPool``), token estimate and chunking."""

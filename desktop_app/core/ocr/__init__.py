"""OCR: scanned pages and images of text, through the OCR NIM or a local engine."""

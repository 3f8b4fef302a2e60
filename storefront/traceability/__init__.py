"""Production batches and their public traceability pages (QR codes on the packages)."""

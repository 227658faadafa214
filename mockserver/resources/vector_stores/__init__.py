"""Vector stores (``client.vector_stores``): stores, their files and file batches, and search."""

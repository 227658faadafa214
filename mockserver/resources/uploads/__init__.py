"""Uploads (``client.uploads``): a large file sent in parts, completed into a File."""

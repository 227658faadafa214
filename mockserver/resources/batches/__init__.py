"""Batches (``client.batches``): create over an uploaded ``batch`` file, list, retrieve, cancel."""

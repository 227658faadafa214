"""Helpers for the legacy completions, embeddings and moderations endpoints."""

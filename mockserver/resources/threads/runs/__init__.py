"""Runs (``client.beta.threads.runs``) and their steps: the reply planned by ``llm/``, moved
through its statuses by ``state/lifecycle.py``."""

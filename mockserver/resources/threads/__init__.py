"""Threads (``client.beta.threads``), their messages, runs and run steps."""

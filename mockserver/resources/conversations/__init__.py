"""Conversations (``client.conversations``): a durable list of items a response can read as
context and append its input and output to."""

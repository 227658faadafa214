"""Assistants (``client.beta.assistants``): create, list, retrieve, modify, delete."""

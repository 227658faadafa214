"""The Responses API (``client.responses``): create, stored responses, input items, streams."""

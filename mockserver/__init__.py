"""A deterministic, offline double of the OpenAI API."""

from .app import create_app
from .http.errors import APIError
from .settings import Settings

__all__ = ["APIError", "Settings", "create_app"]

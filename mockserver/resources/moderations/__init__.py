"""Moderations: ``POST /v1/moderations``."""

"""Legacy completions: ``POST /v1/completions``."""

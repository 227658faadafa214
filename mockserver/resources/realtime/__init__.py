"""The Realtime API: ``/v1/realtime`` over a WebSocket (GA and beta interfaces), its client
secrets and calls."""

"""Resource-agnostic transport: middleware, auth, endpoints, bodies, rendering, SSE, errors,
parameter checks and cursor pagination. Nothing here knows one API resource from another."""

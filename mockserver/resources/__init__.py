"""One package per URL family, laid out like the SDK's ``resources/``: ``routes.py`` (its URLs),
``handlers.py`` (HTTP in and out), and where needed ``request.py`` (typed parse), ``backend.py``
(its state), ``render.py``, ``stream.py``, ``errors.py``."""

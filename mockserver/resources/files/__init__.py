"""Files (``client.files``): upload, list, retrieve, content, delete."""

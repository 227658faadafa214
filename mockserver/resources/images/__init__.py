"""Images (``client.images``): generations, edits and variations, and the signed URLs the
pictures are downloaded from."""

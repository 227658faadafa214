"""/v1/containers: the containers the code interpreter runs in, and their files."""

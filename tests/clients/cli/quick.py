"""Arguments that keep a lesson quick without changing what it shows: no waiting between the
polls of a run, a batch, a job or a vector store (the mock moves one step per retrieve), and
no retry-after waited out."""

QUICK: dict[str, list[str]] = {
    "errors": ["--max-wait", "0"],
    "assistants": ["--poll-ms", "0"],
    "vector-store": ["--poll-ms", "0"],
    "batch": ["--every", "0"],
    "fine-tuning": ["--every", "0"],
}

"""Fine-tuning (``client.fine_tuning``): jobs, their events and checkpoints, and checkpoint
permissions; the model a job makes is then served (see ``catalogue.with_fine_tunes``)."""

"""Real sound, deterministic: speech from eSpeak NG (``espeak``), encoded and decoded by FFmpeg's
libraries through PyAV (``codec``), the words carried inside the files (``tag``) so that the
mock's own speech transcribes back to its text (``transcript``)."""

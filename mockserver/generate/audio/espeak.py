"""eSpeak NG through ctypes, from the library and voice data the ``espeakng-loader`` wheel
ships (no system install, no network).

The library keeps state in C statics that no call resets (the pitch flutter's position, the
gain control, filter memories), so the same text spoken twice in one process differs in its
samples. Each synthesis therefore loads the library afresh, initialises it, speaks, and
unloads it again (``dlclose``: the statics start from zero next time); that costs about 3 ms
and makes the samples a function of the arguments alone. One synthesis at a time (a lock):
the library is one global state machine.
"""

from __future__ import annotations

import _ctypes
import ctypes
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# espeak_AUDIO_OUTPUT: AUDIO_OUTPUT_SYNCHRONOUS (samples to the callback, Synth returns at the end).
_SYNCHRONOUS = 2
# espeakINITIALIZE_DONT_EXIT: an error is returned, never exit() in the server's process.
_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
# espeak_PARAMETER values.
_RATE = 1
_VOLUME = 2
_PITCH = 3
_RANGE = 4
_PUNCTUATION = 5
# The rates eSpeak accepts, words per minute.
MIN_RATE = 80
MAX_RATE = 450
DEFAULT_RATE = 175
# The rate eSpeak NG synthesises at.
SAMPLE_RATE = 22_050

_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
_lock = threading.Lock()


class EspeakError(RuntimeError):
    """eSpeak NG refused a call (unknown voice, no data)."""


def _paths() -> tuple[str, bytes]:
    import espeakng_loader

    return espeakng_loader.get_library_path(), espeakng_loader.get_data_path().encode()


def _load(path: str) -> Any:
    lib = ctypes.CDLL(path)
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_Callback]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]  # fmt: skip
    return lib


def _speak(lib: Any, data: bytes, encoded: bytes, voice: str, rate: int, pitch: int) -> bytes:
    chunks: list[bytes] = []

    def collect(wav: Any, count: int, events: object) -> int:
        if count > 0:
            chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # go on

    callback = _Callback(collect)  # alive until the library is unloaded, below
    if lib.espeak_Initialize(_SYNCHRONOUS, 0, data, _DONT_EXIT) != SAMPLE_RATE:
        raise EspeakError("eSpeak NG did not initialise")
    try:
        lib.espeak_SetSynthCallback(callback)
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakError(f"no eSpeak NG voice {voice!r}")
        for parameter, value in (
            (_RATE, max(MIN_RATE, min(MAX_RATE, rate))),
            (_VOLUME, 100),
            (_PITCH, pitch),
            (_RANGE, 50),
            (_PUNCTUATION, 0),
        ):
            lib.espeak_SetParameter(parameter, value, 0)
        status = lib.espeak_Synth(encoded, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8,
                                  None, None)  # fmt: skip
        lib.espeak_Synchronize()
        if status != 0:
            raise EspeakError(f"eSpeak NG could not speak (status {status})")
    finally:
        lib.espeak_Terminate()
    return b"".join(chunks)


def synthesize(text: str, voice: str, *, rate: int, pitch: int) -> npt.NDArray[np.int16]:
    """``text`` spoken by the eSpeak ``voice`` ("en-us+m3") at ``rate`` words per minute and
    ``pitch`` (0-100): 16-bit mono samples at ``SAMPLE_RATE``."""
    import numpy as np

    path, data = _paths()
    encoded = text.replace("\x00", " ").encode("utf-8") + b"\x00"
    with _lock:
        lib = _load(path)
        try:
            raw = _speak(lib, data, encoded, voice, rate, pitch)
        finally:
            handle = lib._handle
            del lib
            _ctypes.dlclose(handle)
    return np.frombuffer(raw, dtype=np.int16).copy()

"""Child processes that must not outlive the process that started them (build workers, a converter reading a
catalogue): the kernel kills them when their parent dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG)."""
from __future__ import annotations

import signal
import sys


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere nothing). Call it in the
    child: first thing in a forked worker, or as a subprocess's preexec_fn."""
    if sys.platform.startswith("linux"):
        import ctypes
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
        except (AttributeError, OSError):
            pass

"""Child processes that must not outlive the process that started them (build workers, a converter reading a
catalogue): the kernel kills them when their parent dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG); and the
time a catalogue may take, which a helper a reader starts must stay within (`time_budget`)."""
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


#: the wall-clock seconds a build gives each catalogue (set in its workers; None elsewhere). A reader that starts a
#: helper (LibreOffice for a .doc) stops it well before: the build would kill the worker, not the helper's
#: own children, which could then outlive it.
time_budget: float | None = None


def within_budget(seconds: float) -> float:
    """`seconds`, or less: four fifths of the catalogue's time budget when one is set."""
    return seconds if not time_budget else min(seconds, 0.8 * time_budget)

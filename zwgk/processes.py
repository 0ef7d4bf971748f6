"""Child processes that must not outlive the process that started them (build workers, a converter reading a
catalogue): the kernel kills them when their parent dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG); and the
time a catalogue may take, which a helper a reader starts must stay within (`time_budget`)."""
from __future__ import annotations

import signal
import sys
import time


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
#: when the catalogue being read was started (time.monotonic(); `start_budget`): the budget is counted from there
budget_started: float | None = None


def start_budget() -> None:
    """The catalogue's time budget is counted from now (a worker starting a catalogue, a draft starting)."""
    global budget_started
    budget_started = time.monotonic()


def within_budget(seconds: float) -> float:
    """`seconds`, or less: what is left of the catalogue's time budget, less a fifth of the budget (the helper is
    stopped, and says so, before the budget is out), when one is set; never under a tenth of a second. What is
    left is counted from `start_budget` (a busy machine may have spent much of the budget before the helper
    starts); without it, four fifths of the budget."""
    if not time_budget:
        return seconds
    spent = time.monotonic() - budget_started if budget_started is not None else 0.0
    return max(0.1, min(seconds, 0.8 * time_budget - spent))

"""What the command line shows a person, in one place (rich): the Console of a standard stream, progress bars,
and tables whose columns line up with Chinese text in them.

* `make_console(stream)`: terminal features (cursor movement, colour) only when the stream is a terminal whose
  TERM is not `dumb`; no colour when NO_COLOR is set. A pipe or a file gets plain text, whatever FORCE_COLOR or
  TTY_COMPATIBLE say (rich would believe them).
* `progress(total, description)`: a bar with the count, the time elapsed and the time left (ETA) on standard
  error while it is a terminal; on anything else nothing at all is written (the callers keep their plain lines
  for logs). Messages logged through the bar go above it (`Bar.log`).
* `table(headers, rows)`: the columns padded by display width (rich's cell widths: a CJK character takes two
  columns), as the command line's tables always looked: a header line, a rule, the rows, and optionally a rule
  and a footer line (totals); the same bytes on a terminal and in a pipe (no colour, no box, never squeezed to
  80 columns, no trailing blanks), so `split()` and `grep` still read them.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator, Sequence, TextIO

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Column
from rich.text import Text

#: TERM values of terminals that cannot move the cursor (rich's list)
DUMB_TERMS = ("dumb", "unknown")

#: columns between two columns of a table
GAP = 2


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal that understands cursor movement (a tty, and TERM is not dumb)."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError, OSError):   # no isatty, or a closed file
        return False
    return tty and os.environ.get("TERM", "").lower() not in DUMB_TERMS


def one_line(text: str) -> str:
    """Text from a file as one line that cannot move a terminal's cursor (zwgk.mappings' `printable`)."""
    from .mappings.readers.base import printable
    return printable(text)


def make_console(stream: TextIO | None = None) -> Console:
    """The rich Console writing to `stream` (default standard error): a terminal one only when `is_terminal`,
    colour only without NO_COLOR; markup, highlighting and emoji codes off (file names and catalogue text
    are printed as they are)."""
    stream = stream if stream is not None else sys.stderr
    tty = is_terminal(stream)
    return Console(file=stream, force_terminal=tty, force_interactive=tty, color_system="auto" if tty else None,
                   no_color=bool(os.environ.get("NO_COLOR")), markup=False, highlight=False, emoji=False)


# -- progress -------------------------------------------------------------------------------------------------

class Bar:
    """One task of a rich Progress, started at its first update (so nothing shows while the command is still
    getting ready), or a stand-in that shows nothing when the console is no terminal (`active` False)."""

    def __init__(self, console: Console, progress: Progress | None, task: TaskID | None):
        self.console, self.progress, self.task = console, progress, task
        self.started = False

    @property
    def active(self) -> bool:
        return self.progress is not None

    def _start(self) -> None:
        if not self.started:
            self.started = True
            self.progress.start_task(self.task)
            self.progress.start()

    def update(self, completed: float | None = None, total: float | None = None, description: str | None = None,
               what: str | None = None) -> None:
        """Set where the bar is (any of: units done, units in all, the text before the bar, the text after it:
        what was done last)."""
        if self.progress is None:
            return
        self._start()
        fields = {} if what is None else {"what": one_line(what)}
        self.progress.update(self.task, completed=completed, total=total, description=description, **fields)

    def advance(self, n: float = 1) -> None:
        if self.progress is None:
            return
        self._start()
        self.progress.advance(self.task, n)

    def step(self, done: int, total: int, what: str | None = None) -> None:
        """`done` of `total` units, and what was done last (the shape of zwgk.build's `advance` callback)."""
        self.update(done, total, what=what)

    def log(self, message: str) -> None:
        """A line above the bar; without a bar, the line on the stream as it is."""
        if self.started:
            self.console.print(message, soft_wrap=True, markup=False, highlight=False, emoji=False)
        else:
            print(message, file=self.console.file, flush=True)

    def stop(self) -> None:
        if self.started:
            self.progress.stop()
            self.started = False


class LastColumn(ProgressColumn):
    """What was done last (the task's field `what`), cut with "…" to the width the terminal leaves it."""

    def __init__(self):
        super().__init__(table_column=Column(no_wrap=False, min_width=0))   # the column given up first

    def render(self, task: Task) -> Text:
        return Text(task.fields.get("what") or "", no_wrap=True, overflow="ellipsis")


def progress_columns(unit: str = "") -> list:
    """Description, bar, done/total (and the unit), time elapsed, "eta" and the time left, what was done last."""
    return [TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            *([TextColumn(unit, markup=False)] if unit else []), TimeElapsedColumn(), TextColumn("eta"),
            TimeRemainingColumn(), LastColumn()]


@contextmanager
def progress(total: float | None, description: str = "", unit: str = "",
             console: Console | None = None) -> Iterator[Bar]:
    """A progress bar (`Bar`) over `total` units (None: not known yet; `Bar.update(total=…)` sets it) on
    `console` (default: standard error's, `make_console`). When the console is not an interactive terminal
    nothing is written at all, not even the last state of the bar."""
    console = console or make_console(sys.stderr)
    if not console.is_interactive:
        yield Bar(console, None, None)
        return
    # stdout and stderr are not redirected through the bar: the commands' output on stdout stays where it
    # goes, and the build's worker processes, forked while the bar runs, must not write through its lock
    p = Progress(*progress_columns(unit), console=console, redirect_stdout=False, redirect_stderr=False)
    bar = Bar(console, p, p.add_task(description, total=total, start=False))
    try:
        yield bar
    finally:
        bar.stop()


# -- tables ---------------------------------------------------------------------------------------------------

def clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` display columns with "…" when it is wider."""
    text = text.replace("\n", " ")
    if len(text) * 2 <= width or cell_len(text) <= width:     # (no character is wider than 2 columns)
        return text
    # cut to width - 1 columns (a wide character that would straddle the cut becomes a space: dropped)
    return set_cell_size(text, width - 1).rstrip(" ") + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], footer: Sequence[object] | None = None,
          justify: Sequence[str] | None = None, limits: Sequence[int | None] | None = None, rule: str = "-") -> str:
    """The rows (and the footer, after a rule) under the headers and a rule, every column as wide as its widest
    cell in display columns (rich's `cell_len`), GAP spaces between columns; `justify`: "left" (default) or
    "right" per column; `limits`: the widest a column's values may be (display columns; None: no limit),
    longer ones are `clip`ped. Cells are one line each (`one_line`).

    The columns are padded here rather than by rich.table, with the same cell widths: rich's renderer takes
    ≈ 0.9 ms a row (9 s for the summary of a 10,000-catalogue build), this ≈ 10 µs."""
    from .mappings.readers.base import printable     # one_line's, imported once for every cell
    n = len(headers)
    limits = limits or [None] * n
    justify = justify or ["left"] * n
    body = [[clip(str(v), lim) if lim else str(v) for v, lim in zip(r, limits)] for r in rows]
    cells = [[(c, cell_len(c)) for c in (printable(str(v)) for v in r)]
             for r in [headers, *body, *([footer] if footer is not None else [])]]
    widths = [max(r[i][1] for r in cells) for i in range(n)]

    def fmt(row: list[tuple[str, int]]) -> str:
        return (" " * GAP).join(c + " " * (w - k) if how != "right" else " " * (w - k) + c
                                for (c, k), w, how in zip(row, widths, justify)).rstrip()
    line = (" " * GAP).join(rule * w for w in widths)
    lines = [fmt(cells[0]), line, *map(fmt, cells[1:])]
    if footer is not None:
        lines.insert(len(lines) - 1, line)
    return "\n".join(lines)

"""The publication gate of `zwgk build`: every catalogue is validated against the shapes before it is
published (in its own pass, zwgk.pipeline). A catalogue with a violation is not published: the previous
good version of it (its part of the last build: graph, validation report, own dump files, items.csv
rows, agency and citations) stays, or, when there is none, the catalogue is left out.
`--allow-violations` publishes it anyway. Warnings and infos never stop a catalogue; its report is
published with it.

The agency and legal-basis graphs are then minted from the parts of the catalogues that are published
(zwgk.pipeline.shared_graphs), so an agency no published catalogue names goes.
"""
from __future__ import annotations

from dataclasses import dataclass

PUBLISH, KEEP, LEAVE_OUT = "publish", "keep", "leave out"


@dataclass(frozen=True)
class Decision:
    action: str        # PUBLISH the new part, KEEP the previous one, LEAVE_OUT the catalogue
    status: str        # what the build reports for the catalogue


def decide(part: dict, has_previous: bool, allow_violations: bool) -> Decision:
    """What happens to a catalogue just minted and checked (its part summary, zwgk.pipeline)."""
    n = part.get("violation_count", 0)
    if not n:
        return Decision(PUBLISH, "published")
    if allow_violations:
        return Decision(PUBLISH, f"published with {n} violation(s) (--allow-violations)")
    if has_previous:
        return Decision(KEEP, f"not published: {n} violation(s); the previous version is kept")
    return Decision(LEAVE_OUT, f"not published: {n} violation(s), and no previous version to keep")

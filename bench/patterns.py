"""What running the mapping files' regular expressions under a time limit costs (`MappingPattern`: the
`regex` module with `timeout=`, and a budget per catalogue) next to Python's `re` without one.

    python bench/patterns.py [--rows 100000] [--repeat 3]

Two measures, in the same run:
  search       one `codes.pattern` ('\\d{6}', as city-ybj's) searched as the record builder does
               (`\\s*(…)\\s*$`) in --rows name cells ending in a code: `re`, bare `regex`, `regex` with
               `timeout=`, and `MappingPattern.search` (the last adds the budget's clock reads);
  records      `build_records` over a --rows text catalogue with that pattern (every name and category
               cell searched), as shipped and with `MappingPattern` replaced by plain `re` (no limit).
CPU time (`time.process_time`), median of --repeat runs, the minimum in brackets; the ratio is over `re`.
"""
from __future__ import annotations

import argparse
import gc
import re
import statistics
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import regex

from zwgk.mappings import load_mapping, records, spec
from zwgk.mappings.readers import READERS, ReadOptions, assemble
from zwgk.ontology import code_lists

MAPPING = """\
catalogue: {id: bench-codes, source: codes.txt}
agency: {id: bench-agency, name: 某局}
reader: tsv
columns:
  - {role: seq, header: 序号}
  - {role: category, header: 事项类别}
  - {role: name, header: 事项名称}
  - {role: content, header: 公开内容}
codes:
  pattern: '\\d{6}'
"""


def cpu(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        times.append(once(fn))
    return statistics.median(times), min(times)


def once(fn) -> float:
    """CPU seconds of one run, the garbage collector paused (as `read_catalogue` pauses it)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        fn()
        return time.process_time() - start
    finally:
        gc.enable()


class PlainPattern:
    """`MappingPattern` without a limit: `re`, as the record builder searched before."""

    def __init__(self, mapping, what, source, where):
        self.compiled = re.compile(source)

    def search(self, text):
        return self.compiled.search(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    cells = [f"事项名称{i}\n{i % 999_999:06d}" for i in range(args.rows)]
    source = spec.CODE_PATTERN.format(r"\d{6}")
    plain, rx = re.compile(source), regex.compile(source)
    timed = spec.MappingPattern(SimpleNamespace(path="m.yaml", pattern_lines={}), "codes.pattern", source,
                                lambda: "")
    print(f"search: {args.rows:,} name cells, CPU s, median [min]")
    base = None
    for name, fn in (("re", lambda: [plain.search(c) for c in cells]),
                     ("regex", lambda: [rx.search(c) for c in cells]),
                     ("regex timeout=1", lambda: [rx.search(c, timeout=1.0) for c in cells]),
                     ("MappingPattern", lambda: [timed.search(c) for c in cells])):
        timed.spent = 0.0
        med, low = cpu(fn, args.repeat)
        base = base or med
        print(f"  {name:18} {med:6.3f} [{low:6.3f}]  {med / base:5.2f}x  ({med / args.rows * 1e6:.2f} µs per search)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lines = ["序号\t事项类别\t事项名称\t公开内容"]
        lines += [f"{i}\t类别{i // 50} {i // 50:06d}\t事项{i} {i:06d}\t内容{i}" for i in range(1, args.rows + 1)]
        (tmp / "codes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (tmp / "m.yaml").write_text(MAPPING, encoding="utf-8")
        mapping = load_mapping(tmp / "m.yaml")
        probe = records.header_probe(mapping)
        doc = READERS["tsv"]("catalogues/codes.txt", tmp / "codes.txt", ReadOptions(mapping.ncols, 1, probe))
        table = assemble(doc, mapping.ncols, 1, probe, check_width=False)
        codes = code_lists("http://127.0.0.1:8000")
        out = {}

        def run(pattern_class):
            def go():
                records.MappingPattern = pattern_class
                try:
                    out[pattern_class] = [(r.name, r.code) for r in
                                          records.build_records(table, mapping, codes, "catalogues/codes.txt")[0]]
                finally:
                    records.MappingPattern = shipped
            return go
        print(f"records: build_records over {args.rows:,} rows with codes.pattern, CPU s, median [min]")
        shipped = records.MappingPattern
        plain_times, shipped_times = [], []
        for i in range(args.repeat):        # alternating, `re` first on odd runs
            for cls, times in ((PlainPattern, plain_times), (shipped, shipped_times))[:: 1 if i % 2 == 0 else -1]:
                times.append(once(run(cls)))
        re_med, re_low = statistics.median(plain_times), min(plain_times)
        med, low = statistics.median(shipped_times), min(shipped_times)
        plain_codes = out[PlainPattern]
        assert out[shipped] == plain_codes, "not the same records"
        print(f"  {'re (no limit)':18} {re_med:6.3f} [{re_low:6.3f}]  1.00x")
        print(f"  {'MappingPattern':18} {med:6.3f} [{low:6.3f}]  {med / re_med:5.2f}x  "
              f"(+{(med - re_med) / args.rows * 1e6:.1f} µs per row; check: {len(plain_codes):,} records, same codes)")


if __name__ == "__main__":
    main()

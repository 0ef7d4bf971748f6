"""The shipped catalogue yinzhou-ybj printed back by LibreOffice Calc without gridlines (bench/shipped_prints.py,
calc-plain): 公开依据 and 公开时限 are merged over items on both sides of a page break, and Calc prints each merge's
text in the middle of its whole span, on the break itself: from the page's top margin, over the header printed
again there (《中华人民共和国政 above it, 府信息公开条例》（ over 公开依据, their characters read interleaved as one
word: 公府开信依息据公开条例》（; 相关信息形成或变更 / 之日起 20 个工作日 / 内 with its lines between the header's) to
below it. The lines above the header were read as a row of the table going on, so the header was taken for
another table's, and the unedited draft's read was refused ('column 4 (legal_basis) should be headed
['公开依据'], found '公府开信…'').

Needs LibreOffice (`soffice`); skipped without it unless ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it).
"""
from __future__ import annotations

import importlib.util

from zwgk.config import PROJECT_DIR

from .libreoffice import require

require()


def _bench():
    spec = importlib.util.spec_from_file_location("bench_shipped_prints", PROJECT_DIR / "bench" / "shipped_prints.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_merge_printed_over_the_repeated_header_from_the_margin_is_the_row_below(tmp_path):
    bench = _bench()
    mapping = PROJECT_DIR / "mappings" / "catalogues" / "yinzhou-ybj.yaml"
    error, n, want, right, off = bench.run(mapping, "calc-plain", tmp_path, False)
    assert error == "", error
    assert n == want == 18
    # the merges cut by the break read whole, under the header (not split at it, not read into the header)
    from zwgk.mappings import load_mapping, read_catalogue
    folder = tmp_path / "yinzhou-ybj-calc-plain"
    got = read_catalogue(load_mapping(folder / "m.yaml"), folder, bench.BASE).records
    legal = ["".join(c.text.split()) for r in got for c in r.legal_basis]
    assert not any("公开依据" in t or "公府开信" in t for t in legal), legal
    shipped = read_catalogue(load_mapping(mapping), PROJECT_DIR / "catalogues", bench.BASE).records
    assert set(legal) <= {"".join(c.text.split()) for r in shipped for c in r.legal_basis}, legal
    limits = [r.time_limit.text.replace(" ", "") for r in got if r.time_limit is not None]
    assert not any("公开时限" in t for t in limits), limits

"""Reading works a text out once per catalogue where it is asked about again and again (speed, issue 13): a
cell's list entries when re-seating, a row's header test, the scan of a run-together cell. Each answer stays
what it was (tests/test_fidelity.py and the rest of the suite check the readings)."""
from pathlib import Path

from zwgk.mappings import cells as C
from zwgk.mappings import load_mapping, records
from zwgk.ontology import code_lists

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://zwgk.example.org"


def _mapping():
    return load_mapping(ROOT / "mappings" / "catalogues" / "juye-ybj.yaml")


def test_re_seating_splits_each_cell_text_once(monkeypatch):
    m = _mapping()
    types = records.CellTypes(m, code_lists(BASE), [])
    split = []
    real = C.split_list
    monkeypatch.setattr(records.C, "split_list", lambda text: split.append(text) or real(text))
    texts = ["政府网站、新华书店", "政府网站、政务微博", "部门预算、部门决算", "办公室"]
    scores = [[types.fit(i, t) + types.shape(i, t) for i in range(len(m.columns))] for t in texts]
    again = [[types.fit(i, t) + types.shape(i, t) for i in range(len(m.columns))] for t in texts]
    assert scores == again
    assert sorted(set(split)) == sorted(split), "a text was split into its entries more than once"


def test_header_probe_reads_a_row_once(monkeypatch):
    probe = records.header_probe(_mapping())
    compacted = []
    real = C.compact
    monkeypatch.setattr(records.C, "compact", lambda text: compacted.append(text) or real(text))
    row = ["序号", "事项名称", "公开内容", "公开依据"]
    first = probe(row)
    n = len(compacted)
    assert n > 0
    assert [probe(row) for _ in range(3)] == [first] * 3
    assert len(compacted) == n, "the same row was read again"


class _Counting(dict):
    def __init__(self, *a):
        super().__init__(*a)
        self.asked = 0

    def get(self, key, default=None):
        self.asked += 1
        return super().get(key, default)


def test_run_together_scan_looks_up_only_where_a_label_can_start():
    labels = _Counting({"政府网站": 1, "公告栏": 2, "微信": 3})
    text = "本单位在" * 10 + "政府网站公告栏"
    assert C.match_run(text, labels) == [("政府网站", 1), ("公告栏", 2)]   # (words glued before a label qualify it)
    # 47 characters, labels of four characters at most: a longest-first scan at every one asks ~180 times
    assert labels.asked < 20

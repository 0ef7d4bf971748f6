"""The agency's original publication of a catalogue (catalogue.url, .published, .version): checked when the
mapping is loaded, published as the catalogue's dcat:landingPage, dct:source, dct:issued and dcat:version."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from zwgk.mappings import MappingError, load_mapping, read_catalogue
from zwgk.mappings.mint import Minter
from zwgk.ontology import code_lists

from .conftest import BASE

TEXT = "序号\t事项名称\t公开内容\n1\t机构职能\t职能、内设机构\n2\t政策文件\t规范性文件\n"
MAPPING = """\
catalogue:
  id: original-test
  source: o.txt
{extra}agency: {{id: original-agency, name: 某县人民政府}}
reader: tsv
columns:
  - {{role: seq, header: [序号]}}
  - {{role: name, header: [事项名称]}}
  - {{role: content, header: [公开内容]}}
"""
DCT, DCAT = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def write(tmp: Path, extra: str) -> Path:
    (tmp / "o.txt").write_text(TEXT, encoding="utf-8")
    path = tmp / "o.yaml"
    path.write_text(MAPPING.format(extra=extra), encoding="utf-8")
    return path


def catalogue_triples(tmp: Path, extra: str) -> dict[str, list]:
    cat = read_catalogue(load_mapping(write(tmp, extra)), tmp, BASE)
    g = Minter(BASE, code_lists(BASE)).catalogue_graph(cat, datetime(2026, 1, 1, tzinfo=timezone.utc))
    c = f"{BASE}/id/catalogue/original-test"
    out: dict[str, list] = {}
    for q in g.quads:
        if q.subject.value == c:
            out.setdefault(q.predicate.value, []).append(q.object)
    return out


def test_original_url_date_and_version_are_published(tmp_path):
    url = "http://www.example.gov.cn/zwgk/ml/2024/index.html?id=7&x=1"
    props = catalogue_triples(tmp_path, f"  url: {url}\n  published: 2024-03-01\n  version: 2024年版\n")
    assert [o.value for o in props[DCAT + "landingPage"]] == [url]
    assert sorted(o.value for o in props[DCT + "source"]) == [f"{BASE}/source/catalogues/o.txt", url]
    (issued,) = props[DCT + "issued"]
    assert (issued.value, issued.datatype.value) == ("2024-03-01", XSD + "date")
    assert [o.value for o in props[DCAT + "version"]] == ["2024年版"]


@pytest.mark.parametrize("published,datatype", [("2024-03", "gYearMonth"), ("2024", "gYear")])
def test_a_partial_date_keeps_its_precision(tmp_path, published, datatype):
    (issued,) = catalogue_triples(tmp_path, f"  published: '{published}'\n")[DCT + "issued"]
    assert (issued.value, issued.datatype.value) == (published, XSD + datatype)


def test_without_the_keys_nothing_is_claimed(tmp_path):
    props = catalogue_triples(tmp_path, "")
    assert DCAT + "landingPage" not in props and DCT + "issued" not in props and DCAT + "version" not in props
    assert [o.value for o in props[DCT + "source"]] == [f"{BASE}/source/catalogues/o.txt"]


@pytest.mark.parametrize("extra,key,words", [
    ("  url: ftp://example.gov.cn/x.pdf\n", "url", "http(s) URL"),
    ("  url: http://example.gov.cn/a b.html\n", "url", "http(s) URL"),
    ("  url: \"http://example.gov.cn/\\u202e.html\"\n", "url", "http(s) URL"),
    ("  published: 2024-13-01\n", "published", "2024-03-01"),
    ("  published: 3月1日\n", "published", "2024-03-01"),
    ("  publised: 2024-03-01\n", "publised", "did you mean 'published'"),
])
def test_bad_original_keys_name_their_line(tmp_path, extra, key, words):
    path = write(tmp_path, extra)
    with pytest.raises(MappingError) as e:
        load_mapping(path)
    message = str(e.value)
    assert message.startswith(f"{path}:4:") and words in message and "\n" not in message, message

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
    ("  url: http://example.gov.cn/a/[1].html\n", "url", "percent-encode"),
    ("  url: http://example.gov.cn/a%zz.html\n", "url", "percent-encode"),
    ("  published: 2024-13-01\n", "published", "2024-03-01"),
    ("  published: 2023-02-29\n", "published", "2024-03-01"),
    ("  published: 3月1日\n", "published", "2024-03-01"),
    ("  publised: 2024-03-01\n", "publised", "did you mean 'published'"),
])
def test_bad_original_keys_name_their_line(tmp_path, extra, key, words):
    path = write(tmp_path, extra)
    with pytest.raises(MappingError) as e:
        load_mapping(path)
    message = str(e.value)
    assert message.startswith(f"{path}:4:") and words in message and "\n" not in message, message


def test_catalogue_and_item_pages_link_to_the_original(tmp_path):
    """A built store served by the real application: the catalogue page and its items' pages show the
    "原文" link and date; the DCAT record of the catalogue's dataset links it as a page."""
    import subprocess
    import sys

    from fastapi.testclient import TestClient

    from zwgk.server.app import create_app
    from zwgk.server.settings import ServerSettings

    url = "https://www.example.gov.cn/zwgk/ml/index.html?a=1&b=2"
    cats, maps = tmp_path / "c", tmp_path / "m"
    cats.mkdir()
    maps.mkdir()
    (cats / "o.txt").write_text(TEXT, encoding="utf-8")
    (maps / "o.yaml").write_text(MAPPING.format(extra=f"  url: \"{url}\"\n  published: 2024-03-01\n"),
                                 encoding="utf-8")
    store, dumps = tmp_path / "var" / "store", tmp_path / "var" / "dumps"
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings",
                           str(maps), "--store", str(store), "--dumps", str(dumps), "--base", BASE],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    app = create_app(ServerSettings(store=str(store), dumps=str(dumps), base=BASE, query_workers=1))
    with TestClient(app) as client:
        for path in ("/id/catalogue/original-test", "/id/item/original-test/机构职能"):
            page = client.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200, path
            assert ('原文 Original: <a href="https://www.example.gov.cn/zwgk/ml/index.html?a=1&amp;b=2" '
                    'rel="external noopener">') in page.text, path
            assert "发布于 published 2024-03-01" in page.text
        catalog = client.get("/catalog", headers={"Accept": "application/n-triples"}).text
        assert f"<{BASE}/dataset/original-test> <http://xmlns.com/foaf/0.1/page> <{url}> ." in catalog

"""Bad input gets a clear error naming the file (and line), a non-zero exit, and loses nothing."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zwgk.config import PROJECT_DIR
from zwgk.mappings import MappingError, load_mapping

GOOD_MAPPING = PROJECT_DIR / "mappings" / "catalogues" / "yinzhou-ybj.yaml"
GOOD_SOURCE = PROJECT_DIR / "catalogues" / "000_beb97e4d7e9a21fa.txt"


def run_build(tmp: Path, catalogues: Path, mappings: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(catalogues), "--mappings", str(mappings),
         "--store", str(tmp / "var" / "store"), "--dumps", str(tmp / "var" / "dumps")],
        capture_output=True, text=True, timeout=120)


def build_one(tmp: Path, text: str, reader: str, columns: str) -> subprocess.CompletedProcess:
    """Build a one-catalogue folder: catalogue t.txt holding `text`, read by `reader` with these columns."""
    cats, maps = tmp / "c", tmp / "m"
    cats.mkdir()
    maps.mkdir()
    (cats / "t.txt").write_text(text, encoding="utf-8")
    (maps / "t.yaml").write_text("catalogue: {id: t, source: t.txt}\nagency: {id: a, name: 某局}\n"
                                 f"reader: {reader}\ncolumns:\n{columns}", encoding="utf-8")
    return run_build(tmp, cats, maps)


def good_folders(root: Path, cats: str = "catalogues", maps: str = "mappings") -> tuple[Path, Path]:
    """A catalogue folder and a mapping folder under `root` holding the one good catalogue and its mapping."""
    folders = root / cats, root / maps
    for folder, good in zip(folders, (GOOD_SOURCE, GOOD_MAPPING)):
        folder.mkdir()
        shutil.copy(good, folder)
    return folders


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A folder holding the one good catalogue, its mapping and their build (var/): built once for the
    module, copied for each test (a build is 1.5-2.5 s; a copy, a few ms)."""
    root = tmp_path_factory.mktemp("built-once")
    cats, maps = good_folders(root)
    first = run_build(root, cats, maps)
    assert first.returncode == 0, first.stderr
    return root


@pytest.fixture
def workspace(built_once, tmp_path):
    """A catalogue folder and a mapping folder holding one good catalogue, already built once (a copy of the
    module's build, made elsewhere: its manifest names the folders it was built from)."""
    shutil.copytree(built_once, tmp_path, dirs_exist_ok=True, symlinks=True)
    return tmp_path, tmp_path / "catalogues", tmp_path / "mappings"


def snapshot(var: Path) -> dict[str, bytes]:
    return {str(p.relative_to(var)): p.read_bytes() for p in sorted(var.rglob("*")) if p.is_file()
            and "store" not in p.parts}


def assert_failed_cleanly(tmp: Path, proc, before: dict, *needles: str) -> None:
    assert proc.returncode != 0
    for n in needles:
        assert n in proc.stderr, proc.stderr
    assert "previous store and dumps are kept" in proc.stderr
    assert snapshot(tmp / "var") == before, "a failed build changed the last good dumps"
    assert (tmp / "var" / "store").is_dir()
    assert not list((tmp / "var").glob(".*building*")), "staging directories left behind"


def test_malformed_yaml_names_file_and_line(workspace):
    tmp, cats, maps = workspace
    before = snapshot(tmp / "var")
    bad = maps / "broken.yaml"
    bad.write_text("catalogue:\n  id: x\n  source: [unclosed\nagency: {}\n", encoding="utf-8")
    proc = run_build(tmp, cats, maps)
    assert_failed_cleanly(tmp, proc, before, "broken.yaml:", "not valid YAML")


@pytest.mark.parametrize("edit,needle", [
    (lambda t: t.replace("reader: tsv", "reader: docx-table"), "unknown reader 'docx-table'"),
    (lambda t: t.replace("role: content", "role: contents"), "unknown role 'contents'"),
    (lambda t: t.replace("  id: yinzhou-ybj\n", ""), "missing required key 'id'"),
    (lambda t: t.replace("checkboxes: html", "checkboxes: ticks"), "checkboxes must be one of"),
    (lambda t: t + "\nunexpected: 1\n", "unknown key(s) ['unexpected']"),
])
def test_mapping_mistakes_are_named(tmp_path, edit, needle):
    bad = tmp_path / "m.yaml"
    bad.write_text(edit(GOOD_MAPPING.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(MappingError) as e:
        load_mapping(bad)
    assert needle in str(e.value) and str(bad) in str(e.value)


def test_unknown_role_error_gives_the_line(tmp_path):
    text = GOOD_MAPPING.read_text(encoding="utf-8").replace("role: content", "role: contents")
    bad = tmp_path / "m.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "contents" in ln)
    with pytest.raises(MappingError) as e:
        load_mapping(bad)
    assert e.value.line == line


@pytest.mark.parametrize("content,needle", [
    (b"", "catalogue file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    # GBK bytes behind a UTF-8 byte-order mark: no encoding fits (GBK without a BOM is detected)
    (b"\xef\xbb\xbf" + "事项类别\t事项名称\n".encode("gbk"), "not valid utf-8-sig text despite its byte-order mark"),
    ("一些文字\n没有表格\n".encode(), "no header row"),
])
def test_bad_catalogue_files(workspace, content, needle):
    tmp, cats, maps = workspace
    before = snapshot(tmp / "var")
    (cats / GOOD_SOURCE.name).write_bytes(content)
    proc = run_build(tmp, cats, maps)
    assert_failed_cleanly(tmp, proc, before, GOOD_SOURCE.name, needle)


def test_missing_catalogue_file(workspace):
    tmp, cats, maps = workspace
    before = snapshot(tmp / "var")
    (cats / GOOD_SOURCE.name).rename(cats / ("2024" + GOOD_SOURCE.name))
    proc = run_build(tmp, cats, maps)
    # the mapping file and line of `source:`, the folder looked in, the file of the nearest name
    assert_failed_cleanly(tmp, proc, before, f"yinzhou-ybj.yaml:4: catalogue.source '{GOOD_SOURCE.name}': no such "
                                             f"file in {cats} (did you mean '2024{GOOD_SOURCE.name}'?)")


def test_row_that_cannot_be_parsed_names_its_line(tmp_path):
    """A one-cell-per-line table whose row has more cells than the mapping declares."""
    proc = build_one(tmp_path, "\t事项名称\n\t公开内容\n\n\t甲\n\t内容一\n\n\t乙\n\t内容二\n\t多余\n",
                     "cell-per-line", "  - {role: name, header: 事项名称}\n  - {role: content, header: 公开内容}\n")
    assert proc.returncode != 0
    assert "t.txt:7: row has 3 cells, the mapping declares 2 columns" in proc.stderr


def test_header_that_does_not_match_the_mapping(tmp_path):
    proc = build_one(tmp_path, "事项名称\t公开依据\t公开时限\n甲\t《某法》\t20个工作日\n", "tsv",
                     "  - {role: name, header: 事项名称}\n  - {role: legal_basis, header: 公开依据}\n"
                     "  - {role: content, header: 公开内容}\n")
    assert proc.returncode != 0
    assert "t.txt:1: column 3 (content) should be headed ['公开内容'], found '公开时限'" in proc.stderr
    assert "header aliases (" in proc.stderr and ".yaml:" in proc.stderr      # the column's line in the mapping


def test_failure_while_the_store_loads_stops_the_loader_and_keeps_the_last_build(workspace, monkeypatch):
    """A build that fails after the store loader started (here: writing the dumps fails) kills the
    loader child, removes the staging directories and leaves the last good store and dumps."""
    import pyoxigraph as ox

    import zwgk.build as build_module
    from zwgk.config import Settings
    tmp, cats, maps = workspace
    before = snapshot(tmp / "var")
    quads_before = len(ox.Store.read_only(str(tmp / "var" / "store")))
    loaders = []

    class Recorded(build_module.StoreLoader):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            loaders.append(self)

    def disk_full(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(build_module, "StoreLoader", Recorded)
    monkeypatch.setattr(build_module, "write_dumps", disk_full)
    settings = Settings(base="http://127.0.0.1:8000", catalogues=cats, mappings=maps,
                        store=tmp / "var" / "store", dumps=tmp / "var" / "dumps")
    with pytest.raises(OSError, match="No space left"):   # (full: with nothing changed nothing would be written)
        build_module.build(settings, progress=lambda m: None, full=True)
    assert len(loaders) == 1 and loaders[0].proc.poll() is not None, "the loader child is still running"
    assert snapshot(tmp / "var") == before
    assert len(ox.Store.read_only(str(tmp / "var" / "store"))) == quads_before
    assert not list((tmp / "var").glob(".*building*")), "staging directories left behind"


# A reader that runs out of memory (the build's budget met: an address-space limit) says so, through the
# build's and the draft's "over its memory budget" message. libxml2 reports a failed allocation as a parse
# error ("unknown error"), which read as "cannot be read as Word" / "cannot be parsed as HTML": a file that
# is fine, said to be broken. The child limits its address space to what it holds plus a margin far below
# what parsing these files needs, so the failure comes from the parse, whatever the machine.
_OUT_OF_MEMORY = r"""
import resource, sys, zipfile
from pathlib import Path
kind, file = sys.argv[1], Path(sys.argv[2])
import docx, lxml.etree
from zwgk.mappings.readers.docx import read_docx
from zwgk.mappings.readers.html import read_html
if kind == "html":
    rows = "".join(f"<tr><td>{k}</td><td>事项{k}</td><td>公开内容{k}</td></tr>" for k in range(200_000))
    file.write_text(f"<table><tr><th>序号</th><th>事项名称</th><th>公开内容</th></tr>{rows}</table>", "utf-8")
else:
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for i, (head, first) in enumerate([("序号", "1"), ("事项名称", "机构职能"), ("公开内容", "内设机构")]):
        t.cell(0, i).text, t.cell(1, i).text = head, first
    d.save(file)
    with zipfile.ZipFile(file) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    x = parts["word/document.xml"].decode()
    i = x.index("<w:tr>", x.index("<w:tr>") + 1)
    j = x.index("</w:tr>", i) + len("</w:tr>")
    x = x[:j] + "".join(x[i:j].replace("机构职能", f"事项{k}") for k in range(60_000)) + x[j:]
    parts["word/document.xml"] = x.encode()
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
held = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmSize")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (held + (60 << 20), held + (60 << 20)))
try:
    (read_html if kind == "html" else read_docx)(file.name, file, None)
    print("read")
except MemoryError:
    print("MemoryError")
except Exception as e:
    print(type(e).__name__, e)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
@pytest.mark.parametrize("kind", ["html", "docx"])
def test_a_reader_out_of_memory_says_memory_not_a_broken_file(tmp_path, kind):
    out = subprocess.run([sys.executable, "-c", _OUT_OF_MEMORY, kind, str(tmp_path / f"big.{kind}")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "MemoryError", out.stdout

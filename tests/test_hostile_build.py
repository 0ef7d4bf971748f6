"""Issue 14's hostile inputs, each given to a real `zwgk build` next to one good catalogue: exit code 1,
one error line naming the file and the line or key, bounded peak memory and time of the build process,
and the last good store and dumps byte for byte as they were.

The good catalogue is built once for the module; every case gets a copy of that build (its own
catalogues, mappings and var/ folders) and its build runs as a child process of this one, a few at a
time, all in one pass (`outcomes`). The peak memory (ru_maxrss) and CPU time of each build are its own,
read by `os.wait4` in a small process that starts it (`LAUNCHER`). The hostile files are made here,
small on disk: the zip bombs are deflate streams of one block repeated (a deflate block inflates at most
~1,000-fold, so 4 GiB take 4 MB), the bombs' CRC-32 computed by combining the block's (`crc32_repeat`),
not by running over gigabytes.
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from .test_bad_input import good_folders
from .test_build_safety import build_cmd, error_lines, files, leftovers
from .test_hostile import DIGITS, MAPPING, SLOW, TABLE, billion_laughs, build_error_line, line_of

#: the bounds every hostile build must stay within (they peak at ~60 MiB and 1-3 s of CPU; a bomb read
#: would take gigabytes, a FIFO read for ever)
MAX_RSS_KIB = 1 << 20            # 1 GiB
MAX_CPU_S = 20
MAX_WALL_S = 60                  # then the build is killed (a FIFO read would wait for ever)
PARALLEL = 3


# ---------------------------------------------------------------------------------------------------
# zip bombs, made in a few MB and a fraction of a second
# ---------------------------------------------------------------------------------------------------

def _gf2_times(mat: list[int], vec: int) -> int:
    out, i = 0, 0
    while vec:
        if vec & 1:
            out ^= mat[i]
        vec >>= 1
        i += 1
    return out


@functools.cache
def _zero_bytes_operators() -> list[list[int]]:
    """[k]: the GF(2) operator that appends 2**k zero bytes to a CRC-32 (as zlib's crc32_combine builds
    them: the operator of one zero bit, squared)."""
    op = [0xEDB88320] + [1 << n for n in range(31)]          # one zero bit
    ops = []
    for k in range(3 + 64):
        if k >= 3:
            ops.append(op)                                    # 2**(k-3) bytes
        op = [_gf2_times(op, op[n]) for n in range(32)]
    return ops


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B)."""
    for k, op in enumerate(_zero_bytes_operators()):
        if len2 >> k & 1:
            crc1 = _gf2_times(op, crc1)
    return crc1 ^ crc2


def crc32_repeat(crc: int, length: int, times: int) -> int:
    """CRC-32 of a block repeated `times` times, from the block's CRC and length."""
    out, out_len, power, power_len = 0, 0, crc, length
    while times:
        if times & 1:
            out, out_len = crc32_combine(out, power, power_len), out_len + power_len
        power, power_len = crc32_combine(power, power, power_len), power_len * 2
        times >>= 1
    return out


@dataclass
class Part:
    """A zip member as stored: its deflated bytes, their CRC-32 and inflated size."""
    data: bytes
    crc: int
    size: int


def deflated(head: bytes, block: bytes, times: int, tail: bytes) -> Part:
    """head + block × times + tail, deflated: the block is compressed once after a full flush (so that it
    refers to nothing before it) and its compressed bytes repeated."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = z.compress(head) + z.flush(zlib.Z_FULL_FLUSH)
    middle = z.compress(block) + z.flush(zlib.Z_FULL_FLUSH)
    assert z.compress(block) + z.flush(zlib.Z_FULL_FLUSH) == middle    # the same bytes every time
    last = z.compress(tail) + z.flush()
    crc = crc32_repeat(zlib.crc32(block), len(block), times)
    crc = crc32_combine(zlib.crc32(head), crc, len(block) * times)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    return Part(first + middle * times + last, crc, len(head) + len(block) * times + len(tail))


def write_zip(path: Path, parts: dict[str, Part]) -> None:
    """A zip file of deflated members, with ZIP64 sizes where they pass 4 GiB (zipfile would deflate the
    gigabytes itself)."""
    out, central = bytearray(), bytearray()
    for name, p in parts.items():
        raw = name.encode()
        big = p.size >= 0xFFFFFFFF or len(p.data) >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, p.size, len(p.data)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(p.data), p.size)
        version = 45 if big else 20
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, 8, 0, 0x21, p.crc, *sizes, len(raw), len(extra))
        out += raw + extra + p.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, 0, 8, 0, 0x21, p.crc, *sizes,
                               len(raw), len(extra), 0, 0, 0, 0, offset) + raw + extra
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0)
    path.write_bytes(out)


def office_parts(path: Path) -> dict[str, Part]:
    """The members of a real .docx/.xlsx, deflated again as they are."""
    import zipfile
    parts = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data = z.read(info)
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            parts[info.filename] = Part(c.compress(data) + c.flush(), zlib.crc32(data), len(data))
    return parts


def test_the_bombs_are_real(tmp_path):
    """The bomb maker makes what it says: a zip that inflates, with the right CRC, to the size declared."""
    import zipfile
    part = deflated(b"<a>", b"<w:p/>" * 100_000, 30, b"</a>")
    assert part.size == 7 + 600_000 * 30 and len(part.data) < part.size // 500
    write_zip(tmp_path / "t.zip", {"x.xml": part})
    with zipfile.ZipFile(tmp_path / "t.zip") as z:
        data = z.read("x.xml")      # zipfile checks the CRC
    assert data == b"<a>" + b"<w:p/>" * 3_000_000 + b"</a>"
    big = deflated(b"", bytes(1 << 20), 4096, b"")
    write_zip(tmp_path / "big.zip", {"image1.png": big})
    with zipfile.ZipFile(tmp_path / "big.zip") as z:
        assert z.getinfo("image1.png").file_size == 4 << 30        # ZIP64 read back
        with z.open("image1.png") as f:
            assert f.read(1 << 20) == bytes(1 << 20)
    assert (tmp_path / "big.zip").stat().st_size < 5 << 20


# ---------------------------------------------------------------------------------------------------
# the cases: each adds its hostile files to a copy of the good folders and says what the error names
# ---------------------------------------------------------------------------------------------------

def word_file(tmp: Path) -> Path:
    from .test_forms import domain_docx
    path = tmp / "ok.docx"
    domain_docx(path, [("一、领域", [["1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"]])])
    return path


def excel_file(tmp: Path, far_value: bool = False) -> Path:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开渠道"])
    ws.append(["1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"])
    if far_value:
        ws["XFD1048576"] = "x"
    path = tmp / "ok.xlsx"
    wb.save(path)
    return path


def docx_mapping(source: str) -> str:
    from .test_forms import DOCX_MAPPING
    return DOCX_MAPPING.format(source=source)


def xlsx_mapping(source: str) -> str:
    from .test_forms import DOMAIN_MAPPING
    return DOMAIN_MAPPING.format(source=source, reader="xlsx").replace("header: {rows: 2}", "")


def document_bomb(cats: Path, maps: Path) -> list[str]:
    parts = office_parts(word_file(cats.parent))
    head, _, tail = zlib.decompress(parts["word/document.xml"].data, -15).partition(b"<w:body>")
    parts["word/document.xml"] = deflated(head + b"<w:body>", b"<w:p/>" * 174_762, 1536, tail)   # 1.5 GiB
    write_zip(cats / "bomb.docx", parts)
    (maps / "bomb.yaml").write_text(docx_mapping("bomb.docx"), encoding="utf-8")
    size = parts["word/document.xml"].size
    assert size > 1.5e9 and (cats / "bomb.docx").stat().st_size < 3 << 20
    return [f"catalogues/bomb.docx: refused: part 'word/document.xml' inflates to {size:,} bytes", "zip bomb",
            f"(mapping {maps / 'bomb.yaml'})"]


def image_bomb(cats: Path, maps: Path) -> list[str]:
    parts = office_parts(word_file(cats.parent))
    parts["word/media/image1.png"] = deflated(b"\x89PNG\r\n\x1a\n", bytes(1 << 20), 4096, b"")
    write_zip(cats / "image.docx", parts)
    (maps / "image.yaml").write_text(docx_mapping("image.docx"), encoding="utf-8")
    assert (cats / "image.docx").stat().st_size < 5 << 20
    return ["catalogues/image.docx: refused: part 'word/media/image1.png' inflates to 4,294,967,304 bytes"]


def stray_cell(cats: Path, maps: Path) -> list[str]:
    shutil.move(excel_file(cats.parent, far_value=True), cats / "stray.xlsx")
    (maps / "stray.yaml").write_text(xlsx_mapping("stray.xlsx"), encoding="utf-8")
    assert (cats / "stray.xlsx").stat().st_size < 10_000
    return ["catalogues/stray.xlsx", "sheet 'Sheet' has values from row 1 to 1048576", "delete the stray cells"]


def merge_everything(cats: Path, maps: Path) -> list[str]:
    parts = office_parts(excel_file(cats.parent))
    sheet = zlib.decompress(parts["xl/worksheets/sheet1.xml"].data, -15)
    sheet = sheet.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                                           b"</mergeCells>")
    parts["xl/worksheets/sheet1.xml"] = deflated(sheet, b"", 0, b"")
    write_zip(cats / "merged.xlsx", parts)
    (maps / "merged.yaml").write_text(xlsx_mapping("merged.xlsx"), encoding="utf-8")
    return ["catalogues/merged.xlsx", "a merged range over A1:XFD1048576 (17,179,869,184 cells)"]


def bad_source(source: str, *needles: str, make=None):
    """A case whose mapping (hostile.yaml, the tests' one-table mapping) names `source`, after `make`
    made what it names; the error names the mapping file and the line of `source:` (the file itself,
    for an error found once it is opened), and says `needles`."""
    def case(cats: Path, maps: Path) -> list[str]:
        if make:
            make(cats)
        text = MAPPING.format(source=source)
        (maps / "hostile.yaml").write_text(text, encoding="utf-8")
        at = f"{maps / 'hostile.yaml'}:{line_of(text, 'source:')}: catalogue.source"
        return [*needles] if needles[0].startswith("catalogues/") else [at, *needles]
    return case


def laughs(cats: Path, maps: Path) -> list[str]:
    (maps / "laughs.yaml").write_text(billion_laughs(), encoding="utf-8")
    return [f"{maps / 'laughs.yaml'}:1: anchors and aliases are not allowed in mapping files"]


def pattern_case(pattern: str, cell: str, *needles: str):
    def case(cats: Path, maps: Path) -> list[str]:
        (cats / "codes.txt").write_text(TABLE + f"3\t{cell}\t内容\n", encoding="utf-8")
        text = MAPPING.format(source="codes.txt") + f"codes:\n  pattern: '{pattern}'\n"
        (maps / "codes.yaml").write_text(text, encoding="utf-8")
        return [f"{maps / 'codes.yaml'}:{line_of(text, 'pattern:')}: codes.pattern", *needles]
    return case


def long_id(cats: Path, maps: Path) -> list[str]:
    (cats / "t.txt").write_text(TABLE, encoding="utf-8")
    text = MAPPING.format(source="t.txt").replace("  id: hostile\n", f"  id: {'a' * 300}\n")
    (maps / "long.yaml").write_text(text, encoding="utf-8")
    return [f"{maps / 'long.yaml'}:{line_of(text, 'a' * 300)}: catalogue.id is 300 characters long; "
            "the limit is 100"]


def symlink(name: str, target: str | None = None):
    """Make catalogues/name a symbolic link to target (else to a table beside the catalogues folder)."""
    def make(cats: Path) -> None:
        if target is None:
            (cats.parent / "secret.txt").write_text(TABLE, encoding="utf-8")
        (cats / name).symlink_to(target or cats.parent / "secret.txt")
    return make


CASES = {
    "billion-laughs-yaml": laughs,
    "docx-document-xml-1.5GB": document_bomb,
    "docx-image-4GiB": image_bomb,
    "xlsx-stray-cell-XFD1048576": stray_cell,
    "xlsx-merge-A1-XFD1048576": merge_everything,
    "symlink-to-dev-zero": bad_source("zero.txt", "'zero.txt' leads out of the catalogues folder", "to /dev/zero",
                                      make=symlink("zero.txt", "/dev/zero")),
    "fifo": bad_source("fifo.txt", "catalogues/fifo.txt: catalogue source is not a regular file (a device, FIFO "
                       "or socket)", make=lambda cats: os.mkfifo(cats / "fifo.txt")),
    "catastrophic-pattern-60-digits": pattern_case(r"(\d|\d\d)+$", "事项" + "1" * 60,
                                                   "may take exponential time"),
    "slow-pattern-stopped-at-run-time": pattern_case(SLOW, f"事项{DIGITS}!", "took over 1 s on the text "
                                                     f"'事项{DIGITS[:38]}…' at catalogues/codes.txt:4"),
    "id-of-300-characters": long_id,
    "source-dot": bad_source(".", "names the catalogues folder itself"),
    "source-parent": bad_source("../outside/secret.txt", "contains '..'"),
    "source-absolute": bad_source("/etc/passwd", "is an absolute path"),
    "source-symlink-out": bad_source("leak.txt", "'leak.txt' leads out of the catalogues folder",
                                     make=symlink("leak.txt")),
    "source-name-with-newline-and-bidi": bad_source(
        '"a\\nb\\u202e.txt"', "'a\\u000ab\\u202e.txt' contains control characters",
        make=lambda cats: (cats / "a\nb\u202e.txt").write_text(TABLE, encoding="utf-8")),
}


# ---------------------------------------------------------------------------------------------------
# one pass: the good build once, then every case's build, a few at a time
# ---------------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    returncode: int
    stderr: str
    max_rss_kib: int
    cpu_s: float
    wall_s: float
    needles: list[str]
    var: Path
    maps: Path


#: Starts the build as its child and writes the child's own peak memory (KiB) and CPU seconds to a file.
#: A process forked from this test process would count this one's memory at the fork as its own peak
#: (Linux keeps the high-water mark across exec): every build would "peak" at the size of pytest. So the
#: build is forked from this small process instead.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


@dataclass
class Started:
    proc: subprocess.Popen
    figures: Path
    at: float


def start(cmd: list[str], log: Path) -> Started:
    with open(log, "w") as out:
        # its own process group: a build killed at the deadline takes its store loader with it
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(log) + ".figures", *cmd], stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    return Started(proc, Path(str(log) + ".figures"), time.monotonic())


def reap(run: Started) -> tuple[int, int, float, float] | None:
    """(exit code, peak memory in KiB, CPU seconds, wall seconds) of a build that ended, or None while it
    runs; a build past the deadline is killed with its process group (its figures are then -1)."""
    if run.proc.poll() is None:
        if time.monotonic() - run.at < MAX_WALL_S:
            return None
        os.killpg(run.proc.pid, signal.SIGKILL)
        run.proc.wait()
    wall = time.monotonic() - run.at
    rss, cpu = run.figures.read_text().split() if run.figures.exists() else ("-1", "-1")
    return run.proc.returncode, int(rss), float(cpu), wall


def finish(run: Started) -> tuple[int, int, float, float]:
    while not (done := reap(run)):
        time.sleep(0.02)
    return done


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, dict[str, str], int]:
    """A folder with the one good catalogue, its mapping and its build; every file of the build (store
    and dumps) → its SHA-256; and the build's peak memory (KiB), measured as the hostile builds' are."""
    root = tmp_path_factory.mktemp("good")
    cats, maps = good_folders(root)
    code, rss, _, _ = finish(start(build_cmd(root / "var", cats, maps), root.parent / "good.log"))
    assert code == 0, (root.parent / "good.log").read_text()
    return root, files(root / "var"), rss


@pytest.fixture(scope="module")
def outcomes(good, tmp_path_factory) -> dict[str, Outcome]:
    root = good[0]
    results: dict[str, Outcome | Exception] = {}
    jobs, running = [], {}
    for name, case in CASES.items():
        here = tmp_path_factory.mktemp(name)
        shutil.copytree(root, here, dirs_exist_ok=True, symlinks=True)
        cats, maps = here / "catalogues", here / "mappings"
        try:
            needles = case(cats, maps)
        except Exception as e:          # a case that cannot be set up fails alone
            results[name] = e
            continue
        jobs.append((name, here, cats, maps, needles))
    while jobs or running:
        while jobs and len(running) < PARALLEL:
            name, here, cats, maps, needles = jobs.pop(0)
            run = start(build_cmd(here / "var", cats, maps), here / "build.log")
            running[name] = (run, here, maps, needles)
        for name, (run, here, maps, needles) in list(running.items()):
            done = reap(run)
            if done:
                log = (here / "build.log").read_text(encoding="utf-8", errors="replace")
                results[name] = Outcome(done[0], log, *done[1:], needles, here / "var", maps)
                del running[name]
        time.sleep(0.02)
    for name, o in results.items():     # the figures, for `pytest -s`
        if isinstance(o, Outcome):
            print(f"{name:36} exit {o.returncode}  {o.max_rss_kib >> 10:5} MiB  {o.cpu_s:5.2f} s CPU  "
                  f"{o.wall_s:5.2f} s")
    return results


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_input_fails_the_build_cleanly(good, outcomes, case):
    before = good[1]
    o = outcomes[case]
    if isinstance(o, Exception):
        raise o
    assert o.wall_s < MAX_WALL_S, f"killed after {o.wall_s:.0f} s: the build hung\n{o.stderr}"
    assert o.returncode == 1, o.stderr
    error_lines(o.stderr)                  # no traceback
    error = build_error_line(o)            # one error line
    for needle in o.needles:
        assert needle in error, f"{needle!r} not in {error!r}"
    assert "nothing was changed; the previous store and dumps are kept" in o.stderr
    assert o.max_rss_kib < MAX_RSS_KIB, f"peak memory {o.max_rss_kib / 1024:.0f} MiB"
    assert o.cpu_s < MAX_CPU_S, f"{o.cpu_s:.1f} s of CPU"
    assert files(o.var) == before, "the last good store or dumps changed"
    assert leftovers(o.var) == [], "staging directories or the lock file left behind"


def test_the_measure_is_that_of_a_build(good, outcomes, tmp_path):
    """The peak memory read for the good build (which reads, mints, validates and loads its catalogue) is
    a real process's, not this one's; no hostile build went far past it (they all stop before minting);
    and the same measure sees a process that does take 300 MiB."""
    good_rss = good[2]
    assert 40 << 10 < good_rss < MAX_RSS_KIB           # KiB
    worst = max(o.max_rss_kib for o in outcomes.values() if isinstance(o, Outcome))
    assert 0 < worst < good_rss + (128 << 10), f"a hostile build peaked at {worst >> 10} MiB, the good one at " \
                                                f"{good_rss >> 10} MiB"
    code, rss, _, _ = finish(start([sys.executable, "-c", "b = bytearray(300 << 20)\nfor i in range(0, len(b), 4096):"
                                    " b[i] = 1"], tmp_path / "big.log"))
    assert code == 0 and 300 << 10 < rss < 400 << 10

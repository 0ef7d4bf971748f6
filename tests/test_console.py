"""The command line's terminal output (zwgk.console): tables whose columns line up with Chinese text in them,
progress bars with an ETA on a terminal and nothing at all elsewhere, and `zwgk build` using both."""
from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from zwgk.config import PROJECT_DIR
from zwgk.console import clip, make_console, progress, table

from .test_bad_input import GOOD_MAPPING, good_folders

#: what a terminal would act on: C0 controls but the new line (ESC, CR, BS …), DEL and the C1 controls
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen(line: str) -> list[str]:
    """The line as a terminal shows it: a character per display column (a wide character, then '' for the
    second column it covers)."""
    out: list[str] = []
    for ch in line:
        out += [ch] + [""] * (cell_len(ch) - 1)
    return out


def drain(master: int) -> str:
    """Everything written to a pseudo-terminal, read from its master side until every writer closed it."""
    out = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:          # EIO: no writer has the terminal open any more
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return out.decode(errors="replace")


def columns(rule: str) -> list[tuple[int, int]]:
    """The display columns (start, end) of the dash runs of a table's rule line."""
    return [m.span() for m in re.finditer(r"-+", rule)]


def assert_lines_up(lines: list[str], justify: list[str]) -> list[list[str]]:
    """Every line of the table (header, rule, rows …) has its columns where the rule has them: the gaps between
    columns are blank in every line, and each value starts (left) or ends (right) at its column's edge.
    Returns the cells of every line."""
    rule = next(ln for ln in lines if set(ln) <= {"-", " "})
    spans = columns(rule)
    assert len(spans) == len(justify), rule
    out = []
    for line in lines:
        shown = screen(line)
        shown += [" "] * (spans[-1][1] - len(shown))
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert shown[end:start] == [" "] * (start - end), f"no gap at display columns {end}-{start}: {line!r}"
        cells = []
        for (start, end), how in zip(spans, justify):
            cell = shown[start:end]
            text = "".join(cell).strip()
            if text:
                assert cell[0] != " " if how == "left" else cell[-1] != " ", f"{text!r} is not {how}-aligned: {line!r}"
            cells.append(text)
        assert len(shown) == spans[-1][1] or "".join(shown[spans[-1][1]:]).strip() == "", line
        out.append(cells)
    return out


# -- tables --------------------------------------------------------------------------------------------------

def test_a_table_of_chinese_and_ascii_lines_up_by_display_width():
    rows = [["yinzhou-ybj", "鄞州区医疗保障局政府信息公开目录清单", 18, "0/0/2"],
            ["a", "短", 7, "1/22/333"],
            ["juye-ybj", "巨野县医疗保障局 (Juye)", 1234, ""],
            ["x-mixed", "ab中文cd", 0, "0/0/0"]]
    text = table(["catalogue", "题名 title", "items", "shacl"], rows, footer=["total", "", 1259, "1/22/335"],
                 justify=["left", "left", "right", "right"])
    lines = text.splitlines()
    assert len(lines) == 1 + 1 + len(rows) + 1 + 1                    # header, rule, rows, rule, footer
    assert lines[1] == lines[-2] and set(lines[1]) == {"-", " "}
    cells = assert_lines_up(lines, ["left", "left", "right", "right"])
    assert cells[0] == ["catalogue", "题名 title", "items", "shacl"]
    assert cells[2] == [str(v) for v in rows[0]] and cells[-1] == ["total", "", "1259", "1/22/335"]
    # the Chinese column is as wide as its widest value in display columns, not in characters
    (_, _), (start, end), *_ = columns(lines[1])
    assert end - start == cell_len("鄞州区医疗保障局政府信息公开目录清单") == 36
    # no colour, no box, no trailing blanks: the same text in a pipe and on a terminal
    assert not CONTROL.search(text) and all(ln == ln.rstrip() for ln in lines)


def test_a_wide_table_is_not_squeezed_to_80_columns_and_long_values_are_clipped():
    long = "很长" * 60                                                    # 240 display columns
    text = table(["id", "name", "note"], [["a", long, "x" * 100]], limits=[None, 12, None])
    header, rule, row = text.splitlines()
    assert row.split()[1] == clip(long, 12) == "很长很长很…" and cell_len(clip(long, 12)) <= 12
    assert row.endswith("x" * 100) and len(rule) > 100                 # one line, whatever the width
    # a cell stays on its line, and cannot move the terminal's cursor
    assert table(["a"], [["新\n行\x1b[31m"]]).splitlines()[2] == "新\\u000a行\\u001b[31m"


def test_the_validate_summary_lines_up_with_chinese_messages():
    import pyoxigraph as ox

    from zwgk.validate import HEADER, Finding, format_text

    def finding(cid: str, severity: str, zh: str) -> Finding:
        return Finding(cid, severity, ox.NamedNode(f"http://x.example/{cid}"), None, None, "s", "c",
                       (("en", "message"), ("zh", zh)))
    findings = [finding("juye-ybj", "Warning", "事项未写明公开依据。")] * 3 + \
               [finding("a", "Violation", "名称为空"), finding("a", "Info", "取值不在代码表中")]
    lines = format_text(findings, ["juye-ybj", "a", "none"], details=False).splitlines()
    cells = assert_lines_up(lines, ["left", "right", "right", "right", "left"])
    assert cells[0] == HEADER
    assert cells[2] == ["juye-ybj", "0", "3", "0", "事项未写明公开依据。 ×3"]
    assert cells[3] == ["a", "1", "0", "1", "名称为空 ×1; 取值不在代码表中 ×1"] and cells[4][1:4] == ["0", "0", "0"]
    # the details keep their one line per finding, after the table
    details = format_text(findings, ["juye-ybj", "a", "none"]).splitlines()[len(lines):]
    assert details[0] == "warning: juye-ybj: http://x.example/juye-ybj: 事项未写明公开依据。"


def test_validate_details_follow_the_source_and_give_a_value_once():
    """The details list a catalogue's findings in the order of the source places they point at (表3 before
    表16, A9 before A13: numbers as numbers), and a value found on many items once, its items below it."""
    import pyoxigraph as ox

    from zwgk.validate import Finding, Place, format_text, in_source_order

    channel = ox.NamedNode("https://w3id.org/zwgk/def/zwgk#channel")
    legal = ox.NamedNode("https://w3id.org/zwgk/def/zwgk#legalBasis")

    def finding(n: int, path, value, zh: str) -> Finding:
        return Finding("a", "Warning", ox.NamedNode(f"http://x.example/item/{n}"), path,
                       None if value is None else ox.Literal(value), "s", "c", (("en", "m"), ("zh", zh)))
    places = {f"http://x.example/item/{n}": Place(f"事项{n}", where) for n, where in
              [(1, "x.docx 表16 第2行"), (2, "x.docx 表3 第7行"), (3, "x.docx 表3 第10行"), (4, "x.xlsx 工作表 S A9:M9")]}
    findings = [finding(1, channel, "医保经办窗口", "取值不在代码表中"), finding(2, legal, None, "事项未写明公开依据。"),
                finding(3, channel, "医保经办窗口", "取值不在代码表中"), finding(4, legal, None, "事项未写明公开依据。"),
                finding(5, legal, None, "事项未写明公开依据。")]
    ordered = in_source_order(findings, ["a"], places)
    assert [f.focus.value.rsplit("/", 1)[1] for f in ordered] == ["2", "3", "1", "4", "5"]
    details = format_text(findings, ["a"], places=places).splitlines()[-6:]
    assert details == [
        "warning: a: 《事项2》 (x.docx 表3 第7行) legalBasis: 事项未写明公开依据。",
        "warning: a: channel [医保经办窗口]: 取值不在代码表中 ×2:",
        "    《事项3》 (x.docx 表3 第10行)",
        "    《事项1》 (x.docx 表16 第2行)",
        "warning: a: 《事项4》 (x.xlsx 工作表 S A9:M9) legalBasis: 事项未写明公开依据。",
        "warning: a: http://x.example/item/5 legalBasis: 事项未写明公开依据。"]


def test_the_draft_tables_use_it():
    from zwgk.mappings.draft import format_table
    lines = format_table(["名称", "n"], [["机构职能", "1"], ["ab", "22"], ["很长很长很长很长很长的名称", "3"]],
                         [12, 4]).splitlines()
    assert assert_lines_up(lines, ["left", "left"])[4] == ["很长很长很…", "3"]


# -- progress ------------------------------------------------------------------------------------------------

def run_bar(console: Console | None, steps: int = 3) -> None:
    with progress(None, "minting", unit="catalogues", console=console) as bar:
        bar.log("a message")
        for done in range(steps + 1):
            bar.step(done, 10, f"catalogues/{done}.txt")
            time.sleep(0.05)
        bar.advance(2)


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"}])
def test_progress_writes_nothing_to_a_stream_that_is_no_terminal(monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    buf = io.StringIO()
    console = make_console(buf)
    assert not console.is_terminal and not console.is_interactive
    with progress(10, "minting", console=console) as bar:
        assert not bar.active
        for _ in range(10):
            bar.advance()
        bar.update(total=20, what="x.txt")
    assert buf.getvalue() == ""
    # the messages logged through it are the plain lines they always were
    run_bar(console)
    assert buf.getvalue() == "a message\n"


def test_progress_on_standard_error_that_is_no_terminal(capfd):
    run_bar(None)
    out, err = capfd.readouterr()
    assert out == "" and err == "a message\n"


def test_progress_on_a_terminal_shows_the_count_the_time_elapsed_and_the_time_left(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    buf = io.StringIO()
    run_bar(Console(force_terminal=True, file=buf, width=150))
    text = ANSI.sub("", buf.getvalue())
    assert "a message\n" in text
    last = [ln for ln in re.split(r"[\r\n]", text) if "minting" in ln][-1]
    assert re.search(r"minting .*━.* 5/10 catalogues \d+:\d\d:\d\d eta \d+:\d\d:\d\d catalogues/3\.txt", last), last


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_a_dumb_terminal_gets_no_bar(monkeypatch, term):
    monkeypatch.setenv("TERM", term)
    r, w = os.openpty()
    try:
        with os.fdopen(w, "w", closefd=False) as stream:
            assert make_console(stream).is_interactive == (term != "dumb")
    finally:
        os.close(r)
        os.close(w)


# -- zwgk build ----------------------------------------------------------------------------------------------

def two_catalogues(tmp_path: Path) -> tuple[Path, Path]:
    """The good catalogue under its own mapping and under a second one with a short Chinese title."""
    cats, maps = good_folders(tmp_path, "c", "m")
    text = GOOD_MAPPING.read_text(encoding="utf-8")
    (maps / "second.yaml").write_text(text.replace("id: yinzhou-ybj", "id: second")
                                      .replace("title: 鄞州区医疗保障局政府信息公开目录清单", "title: 短目录"),
                                      encoding="utf-8")
    return cats, maps


def build_cmd(tmp_path: Path, cats: Path, maps: Path) -> list[str]:
    return [sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings", str(maps),
            "--store", str(tmp_path / "var" / "store"), "--dumps", str(tmp_path / "var" / "dumps")]


def test_build_in_a_pipe_writes_plain_lines_and_a_summary_that_lines_up(tmp_path):
    cats, maps = two_catalogues(tmp_path)
    # rich would take FORCE_COLOR / TTY_COMPATIBLE for a terminal: a pipe stays a pipe
    env = {**os.environ, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"}
    proc = subprocess.run(build_cmd(tmp_path, cats, maps), capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not CONTROL.search(proc.stderr) and not CONTROL.search(proc.stdout), repr(proc.stderr)
    assert "[1/2] catalogues/" in proc.stderr and "[2/2] catalogues/" in proc.stderr   # the lines for logs
    lines = proc.stdout.splitlines()
    table_lines = lines[:lines.index(next(ln for ln in lines if ln.startswith("minted ")))]
    cells = assert_lines_up(table_lines, ["left", "left", "right", "right", "right", "right"])
    assert cells[0] == ["catalogue", "title", "items", "triples", "warnings", "shacl V/W/I"]
    rows = {c[0]: c for c in cells[2:-2]}
    assert rows["second"][1:3] == ["短目录", "18"]
    assert rows["yinzhou-ybj"][1] == "鄞州区医疗保障局政府信息公开…"          # clipped to 30 display columns
    assert cells[-1][0] == "total (store, all graphs)" and cells[-1][2] == "36"
    total = cells[-1]
    # a build that mints one catalogue lists that one, and one line for the catalogues it kept; same totals
    second = maps / "second.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("title: 短目录", "title: 短目录二"), encoding="utf-8")
    proc = subprocess.run(build_cmd(tmp_path, cats, maps), capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    cells = assert_lines_up(lines[:lines.index(next(ln for ln in lines if ln.startswith("minted ")))],
                            ["left", "left", "right", "right", "right", "right"])
    assert [c[:3] for c in cells[2:-2]] == [["second", "短目录二", "18"], ["(1 kept from the last build)", "", "18"]]
    assert cells[-1] == total
    # the kept line's SHACL findings are its catalogue's: with the minted one's, the total's
    vwi = lambda cell: [int(n) for n in cell.split("/")]  # noqa: E731
    assert [a + b for a, b in zip(vwi(cells[2][5]), vwi(cells[3][5]))] == vwi(total[5]) != [0, 0, 0]


def test_build_on_a_terminal_draws_a_bar_on_stderr_and_keeps_stdout_plain(tmp_path):
    cats, maps = two_catalogues(tmp_path)
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(build_cmd(tmp_path, cats, maps), stdout=subprocess.PIPE, stderr=slave, text=True,
                            env=env)
    os.close(slave)
    err = drain(master)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    shown = ANSI.sub("", err)
    assert re.search(r"minting .* 2/2 catalogues \d+:\d\d:\d\d eta \d+:\d\d:\d\d", shown), shown
    assert "[1/2]" not in shown                              # the bar in place of the lines
    assert not CONTROL.search(out) and out.startswith("catalogue ")


def test_rich_is_a_dependency():
    try:
        import tomllib
    except ImportError:                                  # Python 3.10
        import tomli as tomllib
    deps = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(re.match(r"rich\s*>=\s*13", d) for d in deps)


# -- zwgk publish --------------------------------------------------------------------------------------------

def test_publish_progress_is_a_bar_on_a_terminal_and_a_line_per_graph_elsewhere(monkeypatch):
    from zwgk.publish import GraphReport, Progress, summary_table
    reports = [GraphReport("http://b.example/id/catalogue/a", 60, 60, 0.5, 1, "ok"),
               GraphReport("http://b.example/graph/codes", 40, 40, 0.25, 1, "unchanged")]
    buf = io.StringIO()
    bar = Progress(100, 2, stream=buf)
    bar.update(60)
    bar.graph_done(reports[0])
    bar.close()
    assert buf.getvalue() == "[1/2] http://b.example/id/catalogue/a: 60 triples (0.50 s)\n"

    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "150")
    master, slave = pty.openpty()
    with os.fdopen(slave, "w", encoding="utf-8") as stream:
        bar = Progress(100, 2, stream=stream)
        bar.update(60)
        time.sleep(0.05)
        bar.graph_done(reports[0])
        bar.update(40)
        bar.close()
    shown = ANSI.sub("", drain(master))
    assert re.search(r"publishing .* 100/100 triples \d+:\d\d:\d\d eta \d+:\d\d:\d\d graph 1/2: "
                     r"http://b.example/id/catalogue/a", shown), shown
    # the summary: the graph names, the counts and the status, as `split()` reads them
    lines = summary_table(reports, "http://b.example", 1.0).splitlines()
    cells = assert_lines_up(lines, ["left", "right", "right", "right", "right", "left"])
    assert cells[2] == ["/id/catalogue/a", "60", "60", "1", "0.50", "ok"] and lines[3].endswith(" unchanged")
    assert cells[-1][0] == "total (2 graphs, 1 unchanged; 60 triples sent, 60 triples/s)" and cells[-1][-1] == "ok"


def test_a_reader_leaving_early_gets_no_traceback():
    """`zwgk … | head`: the command's output pipe closes early; it stops quietly (it ended in a BrokenPipeError
    traceback on standard error)."""
    import subprocess
    import sys

    from zwgk.config import PROJECT_DIR
    proc = subprocess.Popen([sys.executable, "-m", "zwgk.cli", "mapping", "check",
                             str(PROJECT_DIR / "mappings/catalogues/city-ybj.yaml"), "--catalogues",
                             str(PROJECT_DIR / "catalogues"), "--item", "1", "--item", "2", "--item", "3"] + ["--item", "4"] * 400,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and "Traceback" not in err, err

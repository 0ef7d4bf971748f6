"""Layout `ods`: a spreadsheet LibreOffice Calc opens and no Python library here reads with its merges: an
OpenDocument spreadsheet (.ods), or an XML Spreadsheet 2003 file (what some systems export as ".xls" or ".xml"),
turned into .xlsx by LibreOffice (`libreoffice.py`) and read by the `xlsx` reader: the same sheets, merges,
values as shown, `sheet:` and `tables:` keys, and provenance `file.ods#sheet=目录&range=A7:N7`.
"""
from __future__ import annotations

from pathlib import Path

from .base import Document, ReadError, ReadOptions, read_bytes
from .libreoffice import read_converted
from .office import ODS, ODT, OLE, ZIP, check_package, damaged_zip, is_workbook, open_document_type, zip_opens

#: the namespace of Excel's XML Spreadsheet 2003 (<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">)
_XML_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"


def is_xml_spreadsheet(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and _XML_2003 in data[:65536] and b"<Workbook" in data[:65536]


def read_ods(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every sheet as a Grid, as `read_xlsx` gives them for the .xlsx LibreOffice writes."""
    from .xlsx import read_xlsx
    data = read_bytes(path, Path(file))
    if data.startswith(ZIP):
        if not zip_opens(Path(file)):
            raise damaged_zip(path)
        kind = open_document_type(Path(file))
        if kind != ODS:
            raise ReadError(path, None, ("an OpenDocument text: give the mapping `reader: doc`" if kind == ODT else
                                         "an Excel 2007+ workbook (a zip package), not an OpenDocument spreadsheet: "
                                         "give the mapping `reader: xlsx`"))
        check_package(path, Path(file), "xlsx")       # a zip bomb is refused before LibreOffice inflates it
        suffix = ".ods"
    elif is_xml_spreadsheet(data):
        suffix = ".xml"
    elif data.startswith(OLE) and is_workbook(Path(file)):
        raise ReadError(path, None, "an Excel 97-2003 (.xls) workbook: give its mapping `reader: xls`")
    else:
        what = "HTML (a web page saved as a spreadsheet: `reader: html`)" if data.lstrip()[:1] == b"<" else \
            "no OpenDocument or XML Spreadsheet 2003 content"
        raise ReadError(path, None, f"not an OpenDocument or XML Spreadsheet 2003 file ({what})")
    doc = read_converted(path, data, suffix, "xlsx", read_xlsx, options)
    if suffix == ".ods":
        _hide_sheets(doc, path, _hidden_sheets(Path(file)))
    return doc


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


def _hidden_sheets(file: Path) -> set[str]:
    """The names of the sheets an .ods hides (table:display="false" in its table style): LibreOffice's .xlsx
    shows them (state="visible"), so they are read off content.xml (parsed without entities or network, its
    size bounded by `check_package`; element by element, each let go once read)."""
    import zipfile

    from lxml import etree
    hidden_styles: set[str] = set()
    names: set[str] = set()
    with zipfile.ZipFile(file) as z, z.open("content.xml") as f:
        for _, el in etree.iterparse(f, events=("end",), tag=(f"{_STYLE}style", f"{_TABLE}table"),
                                     resolve_entities=False, no_network=True, huge_tree=False):
            if el.tag == f"{_STYLE}style":
                props = el.find(f"{_STYLE}table-properties")
                if props is not None and props.get(f"{_TABLE}display") == "false":
                    hidden_styles.add(el.get(f"{_STYLE}name"))
            elif el.get(f"{_TABLE}style-name") in hidden_styles:
                names.add(el.get(f"{_TABLE}name"))
            el.clear()
    return names


def _hide_sheets(doc: Document, path: str, names: set[str]) -> None:
    """The hidden sheets as `read_xlsx` gives a workbook's: empty, keeping the sheets' numbers, and told."""
    from .office import hidden_sheet
    for k, grid in enumerate(doc.tables):
        sheet = grid.name.split("'", 1)[-1].rstrip("'")
        if sheet in names:
            rest = doc.tables[k + 1:]
            del doc.tables[k:]
            hidden_sheet(doc, path, sheet, grid.index, bool(grid.rows))
            doc.tables += rest

"""Hostile workbooks for the import tests: a real workbook whose parts are swapped for crafted XML.

Each part is written to the zip in chunks, so a test can build a 5,000,000-cell row without holding it in
memory. The parts that stay are openpyxl's own, so the file is a workbook in every other respect.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CT_STRINGS = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_REL_STRINGS = (
    b'<Relationship Id="rIdStrings" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/>'
)

Chunks = Callable[[], Iterable[bytes]]


def _skeleton() -> dict[str, bytes]:
    workbook = Workbook()
    workbook.active.title = "花名册"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build(
    path: Path,
    *,
    sheet: Chunks,
    strings: Chunks | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A workbook at ``path`` whose first sheet is ``sheet()``'s chunks (and shared strings, if given)."""
    parts = _skeleton()
    parts.pop(STRINGS, None)
    if strings is not None:
        if _CT_STRINGS not in parts["[Content_Types].xml"]:
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
                b"</Types>", _CT_STRINGS + b"</Types>"
            )
        rels = "xl/_rels/workbook.xml.rels"
        if b"sharedStrings.xml" not in parts[rels]:
            parts[rels] = parts[rels].replace(b"</Relationships>", _REL_STRINGS + b"</Relationships>")
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, content in parts.items():
            if name == SHEET:
                continue
            archive.writestr(name, content)
        with archive.open(SHEET, "w", force_zip64=True) as part:
            for chunk in sheet():
                part.write(chunk)
        if strings is not None:
            with archive.open(STRINGS, "w", force_zip64=True) as part:
                for chunk in strings():
                    part.write(chunk)
    return path


def sheet_xml(rows: Iterable[bytes], *, dimension: str = "A1") -> Iterable[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _MAIN + b">"
    yield f'<dimension ref="{dimension}"/><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(header: Iterable[str]) -> bytes:
    return ('<row r="1">' + "".join(inline(name) for name in header) + "</row>").encode()


# --- the four classics ------------------------------------------------------------------------------


def wide_row(path: Path, header: list[str], *, cells: int = 5_000_000) -> Path:
    """One data row of ``cells`` cells (a 5,000,000-cell row is ~80 MB of XML, ~100 KB zipped)."""

    def rows():
        yield header_row(header)
        yield b'<row r="2">'
        block = b"<c><v>1</v></c>" * 10_000
        for _ in range(cells // 10_000):
            yield block
        yield b"</row>"

    return build(path, sheet=lambda: sheet_xml(rows(), dimension="A1:GKFJ2"))


def far_cell(path: Path, header: list[str]) -> Path:
    """A header, then one cell at XFD1048575: openpyxl would fill in a million empty rows."""

    def rows():
        yield header_row(header)
        yield b'<row r="1048575"><c r="XFD1048575"><v>1</v></c></row>'

    return build(path, sheet=lambda: sheet_xml(rows(), dimension="A1:XFD1048575"))


def shared_strings_bomb(path: Path, header: list[str], *, strings: int = 1_200_000) -> Path:
    """Many distinct short shared strings (within every size and ratio limit, past the cell count)."""

    def table():
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst ' + _MAIN + f' count="{strings}">'.encode()
        for start in range(0, strings, 10_000):
            yield "".join(f"<si><t>{n:08x}</t></si>" for n in range(start, start + 10_000)).encode()
        yield b"</sst>"

    def rows():
        yield header_row(header)
        yield b'<row r="2"><c r="B2" t="s"><v>0</v></c></row>'

    return build(path, sheet=lambda: sheet_xml(rows()), strings=table)


def ratio_bomb(path: Path, header: list[str], *, megabytes: int = 30) -> Path:
    """A sheet of ``megabytes`` MB of whitespace: it deflates about a thousand to one."""

    def rows():
        yield header_row(header)
        blank = b" " * (1024 * 1024)
        for _ in range(megabytes):
            yield blank

    return build(path, sheet=lambda: sheet_xml(rows()))

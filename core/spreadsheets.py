"""Reading an uploaded workbook (.xlsx or Excel 97-2003 .xls) safely: the one reader every import uses.

A workbook is hostile until measured. An .xlsx is a zip of XML parts, so a 100 KB upload can inflate to
gigabytes (a ratio bomb), declare a row of five million cells, a shared-strings table of millions of
entries or a cell at XFD1048575 that makes openpyxl fill in a million empty rows. So, in this order:

1. the file's size, and its kind from its first bytes (not from its name);
2. the zip directory, before anything is decompressed: member count, each part's uncompressed size
   and compression ratio, the total;
3. one pass over every XML part, each read no further than its limit, counting rows, cells per row,
   cells and shared strings and stopping at the first limit; a DTD is refused outright (entity
   expansion);
4. only then openpyxl (read-only), asked for no more columns than the caller uses.

An .xls goes through the same size and shape limits (xlrd knows a sheet's extent before its cells are
read) and yields the same Python values as openpyxl: text, int or float, bool, datetime, None.

Every refusal is a ``SpreadsheetError`` with a Chinese message; nothing here touches the database.
The limits are ``settings.SPREADSHEET_LIMITS``.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass, fields, replace
from os import PathLike
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from .errors import PortalError
from .uploads import detect_type

Source = str | PathLike[str] | IO[bytes] | bytes
Row = tuple[Any, ...]

INVALID_WORKBOOK = "文件不是有效的 Excel 工作簿（.xlsx 或 .xls），请使用模板填写后上传"
# A part smaller than this is not judged by its ratio: a few hundred KB of styles compress very well.
_RATIO_FLOOR = 1024 * 1024


class SpreadsheetError(PortalError):
    """The workbook cannot be read within the limits; the message says why, in Chinese."""


@dataclass(frozen=True)
class SpreadsheetLimits:
    """What an imported workbook may hold (see ``settings.SPREADSHEET_LIMITS``)."""

    file_bytes: int
    zip_members: int
    part_bytes: int
    total_bytes: int
    compression_ratio: int
    rows: int
    columns: int
    cells: int
    string_length: int

    @classmethod
    def from_settings(cls, **overrides: int) -> SpreadsheetLimits:
        configured = {f.name: settings.SPREADSHEET_LIMITS[f.name] for f in fields(cls)}
        return replace(cls(**configured), **overrides)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


# --- entry point ---------------------------------------------------------------------------------------


def read_first_sheet(source: Source, *, width: int, limits: SpreadsheetLimits | None = None) -> list[Row]:
    """The rows of the workbook's first sheet, each exactly ``width`` cells (cut or padded with None).

    Raises SpreadsheetError for a missing, oversized, malformed or hostile file.
    """
    limits = limits or SpreadsheetLimits.from_settings()
    data = _bytes_of(source, limits)
    kind = detect_type(io.BytesIO(data))
    if kind == "xlsx":
        return _xlsx_rows(data, width=width, limits=limits)
    if kind == "xls":
        return _xls_rows(data, width=width, limits=limits)
    raise SpreadsheetError(INVALID_WORKBOOK)


def _bytes_of(source: Source, limits: SpreadsheetLimits) -> bytes:
    """The whole file, read only if it is within ``file_bytes`` (one more byte is read to know)."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, (str, PathLike)):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = handle.read(limits.file_bytes + 1)
        except FileNotFoundError:
            raise SpreadsheetError(f"找不到文件：{path}") from None
        except OSError:
            raise SpreadsheetError(f"无法读取文件：{path}") from None
    else:
        data = source.read(limits.file_bytes + 1)
    if not data:
        raise SpreadsheetError("文件是空的")
    if len(data) > limits.file_bytes:
        raise SpreadsheetError(f"文件过大，最大允许 {_megabytes(limits.file_bytes)}；请分成几个文件")
    return data


# --- xlsx: the zip directory ---------------------------------------------------------------------------


def _open_zip(data: bytes, limits: SpreadsheetLimits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(INVALID_WORKBOOK) from None
    members = archive.infolist()
    if len(members) > limits.zip_members:
        raise SpreadsheetError(f"工作簿结构异常：包含 {len(members)} 个部件，超过上限 {limits.zip_members}")
    total = 0
    for member in members:
        if member.file_size > limits.part_bytes:
            raise SpreadsheetError(
                f"工作簿内容过大（部件 {member.filename} 解压后 {_megabytes(member.file_size)}，"
                f"上限 {_megabytes(limits.part_bytes)}）"
            )
        if member.file_size > _RATIO_FLOOR:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.compression_ratio:
                raise SpreadsheetError(
                    f"工作簿压缩比异常（部件 {member.filename} 压缩比 {ratio:.0f}:1，"
                    f"上限 {limits.compression_ratio}:1），疑似恶意文件"
                )
        total += member.file_size
    if total > limits.total_bytes:
        raise SpreadsheetError(
            f"工作簿内容过大（解压后共 {_megabytes(total)}，上限 {_megabytes(limits.total_bytes)}）"
        )
    return archive


# --- xlsx: one bounded pass over the XML ------------------------------------------------------------------
#
# Measured with byte scans rather than an XML parser: a parser's per-element callbacks cost seconds on a
# million elements, the scans a fraction of that. They only ever over-count (a "<c" inside a comment
# counts as a cell), so they can refuse a strange file but never let a big one through. Element names
# may carry any namespace prefix ("<x:row>"), which the patterns allow.

_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s>/]([^>]*)")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s>/]")
_STRING_TAG = re.compile(rb"<(?:[\w.-]+:)?si[\s>/]")
_ROW_NUMBER = re.compile(rb"\br=[\"'](\d+)")
# Markup a plain part (workbook, styles, relationships) may hold; styles of a real workbook hold a few
# thousand elements, while a crafted one could make openpyxl build millions of objects.
_OTHER_PART_ELEMENTS = 200_000


def _census(archive: zipfile.ZipFile, limits: SpreadsheetLimits) -> None:
    """Measure every XML part against the limits, raising at the first one passed."""
    cells = 0  # cells of every sheet plus shared strings: what openpyxl would hold in memory
    for member in archive.infolist():
        name = member.filename
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        data = _part(archive, member, limits)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise SpreadsheetError("工作簿含有不允许的 XML 声明（DTD），疑似恶意文件")
        if b"\x00" in data:  # UTF-16 or binary: Excel writes UTF-8, and the scans below read UTF-8
            raise SpreadsheetError(INVALID_WORKBOOK)
        if name.startswith("xl/worksheets/"):
            cells += _sheet_census(data, limits, budget=limits.cells - cells)
        elif name.endswith("sharedStrings.xml"):
            cells += _count_at_most(_STRING_TAG, data, 0, len(data), limits.cells - cells)
        elif data.count(b"<") > _OTHER_PART_ELEMENTS:
            raise SpreadsheetError(f"工作簿结构异常（部件 {name} 过于复杂），疑似恶意文件")
        if cells > limits.cells:
            raise SpreadsheetError(f"工作簿单元格过多（超过 {limits.cells} 个）；请分成几个文件")


def _part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: SpreadsheetLimits) -> bytes:
    try:
        with archive.open(member) as part:
            # Never more than the limit, whatever the zip directory claimed.
            data = part.read(limits.part_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        # A corrupt stream, an encrypted or unsupported compression: all one thing to the user.
        raise SpreadsheetError(INVALID_WORKBOOK) from None
    if len(data) > limits.part_bytes:
        raise SpreadsheetError(
            f"工作簿内容过大（部件 {member.filename} 解压后超过 {_megabytes(limits.part_bytes)}）"
        )
    return data


def _count_at_most(pattern: re.Pattern[bytes], data: bytes, start: int, end: int, most: int) -> int:
    """Matches of ``pattern`` in ``data[start:end]``, counting no further than ``most + 1``."""
    count = 0
    for _ in pattern.finditer(data, start, end):
        count += 1
        if count > most:
            break
    return count


def _sheet_census(data: bytes, limits: SpreadsheetLimits, *, budget: int) -> int:
    """The cells of one sheet; refuses a row number, a row's cell count or the sheet's cell count past
    the limits. Rows matter because openpyxl fills in every missing row up to the last one."""
    starts: list[int] = []
    row = 0
    for match in _ROW_TAG.finditer(data):
        number = _ROW_NUMBER.search(match.group(1))
        row = int(number.group(1)) if number else row + 1
        if row > limits.rows or len(starts) >= limits.rows:
            raise SpreadsheetError(
                f"工作表行数过多（用到第 {row} 行，上限 {limits.rows} 行）；请分成几个文件"
            )
        starts.append(match.start())
    bounds = [*starts, len(data)]
    cells = 0
    for number, (start, end) in enumerate(itertools.pairwise(bounds), start=1):
        in_row = _count_at_most(_CELL_TAG, data, start, end, limits.columns)
        if in_row > limits.columns:
            raise SpreadsheetError(
                f"工作表列数过多（第 {number} 个数据行超过 {limits.columns} 列），请删除多余的列"
            )
        cells += in_row
        if cells > budget:
            raise SpreadsheetError(f"工作簿单元格过多（超过 {limits.cells} 个）；请分成几个文件")
    return cells


def _xlsx_rows(data: bytes, *, width: int, limits: SpreadsheetLimits) -> list[Row]:
    from openpyxl import load_workbook

    with _open_zip(data, limits) as archive:
        _census(archive, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception:
        # openpyxl fails in many ways on a zip that is not a workbook (KeyError on a missing part,
        # InvalidFileException, XML errors): to the user they all mean the same thing.
        raise SpreadsheetError(INVALID_WORKBOOK) from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        # Generators write wrong <dimension>s (e.g. "A1"); the census above measured the real extent.
        sheet.reset_dimensions()
        rows = []
        try:
            for line in sheet.iter_rows(max_col=width, values_only=True):
                rows.append(_fit(line, width))
                if any(isinstance(v, str) and len(v) > limits.string_length for v in line):
                    raise SpreadsheetError(f"第 {len(rows)} 行有单元格超过 {limits.string_length} 个字符")
        except SpreadsheetError:
            raise
        except Exception:
            raise SpreadsheetError(INVALID_WORKBOOK) from None
        return rows
    finally:
        workbook.close()


def _fit(line: tuple[Any, ...], width: int) -> Row:
    return (tuple(line) + (None,) * width)[:width]


# --- xls (Excel 97-2003) -------------------------------------------------------------------------------


def _xls_rows(data: bytes, *, width: int, limits: SpreadsheetLimits) -> list[Row]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception:
        # xlrd raises XLRDError, CompDocError, struct errors, AssertionError... on a damaged file.
        raise SpreadsheetError(INVALID_WORKBOOK) from None
    try:
        if book.nsheets == 0:
            raise SpreadsheetError("工作簿中没有工作表")
        try:
            sheet = book.sheet_by_index(0)
        except Exception:
            raise SpreadsheetError(INVALID_WORKBOOK) from None
        if sheet.nrows > limits.rows:
            raise SpreadsheetError(
                f"工作表行数过多（用到第 {sheet.nrows} 行，上限 {limits.rows} 行）；请分成几个文件"
            )
        if sheet.ncols > limits.columns:
            raise SpreadsheetError(f"工作表列数过多（用到第 {sheet.ncols} 列，上限 {limits.columns} 列）")
        if sheet.nrows * sheet.ncols > limits.cells:
            raise SpreadsheetError(f"工作簿单元格过多（超过 {limits.cells} 个）；请分成几个文件")
        used = min(width, sheet.ncols)
        rows = []
        for index in range(sheet.nrows):
            values = [_xls_value(sheet.cell(index, column), book.datemode, limits) for column in range(used)]
            rows.append(_fit(tuple(values), width))
        return _without_trailing_blank_rows(rows)
    finally:
        book.release_resources()


def _xls_value(cell: Any, datemode: int, limits: SpreadsheetLimits) -> Any:
    """The value openpyxl would give for the same cell in an .xlsx."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        if len(value) > limits.string_length:
            raise SpreadsheetError(f"工作簿中有单元格超过 {limits.string_length} 个字符")
        return value or None
    if kind == xlrd.XL_CELL_NUMBER:
        # Every .xls number is a double; an xlsx keeps "15" as an integer. Above 2**53 a double no
        # longer holds every digit, and it stays a float so that the reader can say so.
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value


def _without_trailing_blank_rows(rows: list[Row]) -> list[Row]:
    # xlrd counts rows that only carry formatting; openpyxl (read-only, reset dimensions) does not.
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows

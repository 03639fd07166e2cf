"""core.spreadsheets: every limit refuses its own kind of hostile workbook with a Chinese message, before
openpyxl builds anything; ordinary workbooks (xlsx and xls) read as the same Python values."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from core.spreadsheets import SpreadsheetError, SpreadsheetLimits, read_first_sheet
from tests import hostile_workbooks as hostile

HEADER = ["a", "b", "c"]


def limits(**overrides: int) -> SpreadsheetLimits:
    return SpreadsheetLimits.from_settings(**overrides)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls(rows: list[list]) -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("花名册")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROWS = [
    ["姓名", "年限", "日期", "是否"],
    ["张三", 14, datetime(2018, 6, 30), True],
    ["李四", 2.5, None, False],
    [None, None, None, None],
    ["+86 文本", -3, "2020-01-01", None],
]


def test_an_xlsx_and_the_same_sheet_as_xls_read_as_the_same_values():
    expected = [tuple(row) for row in ROWS[:3]] + [tuple(ROWS[4])]
    from_xlsx = [row for row in read_first_sheet(xlsx(ROWS), width=4) if any(v is not None for v in row)]
    from_xls = [row for row in read_first_sheet(xls(ROWS), width=4) if any(v is not None for v in row)]
    assert from_xlsx == expected
    assert from_xls == expected


def test_rows_are_cut_or_padded_to_the_width_asked_for():
    rows = read_first_sheet(xlsx([["a", "b", "c", "d"], ["x"]]), width=2)
    assert rows == [("a", "b"), ("x", None)]


# --- before opening: the file and the zip directory -----------------------------------------------


def test_a_file_past_the_size_limit_is_refused_unread():
    with pytest.raises(SpreadsheetError, match="文件过大，最大允许 1 MB"):
        read_first_sheet(
            b"PK\x03\x04" + b"\0" * (1024 * 1024), width=3, limits=limits(file_bytes=1024 * 1024)
        )


def test_too_many_zip_members_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(30):
            archive.writestr(f"xl/media/{n}.txt", "x")
    with pytest.raises(SpreadsheetError, match="包含 30 个部件，超过上限 20"):
        read_first_sheet(buffer.getvalue(), width=3, limits=limits(zip_members=20))


def test_a_part_past_its_uncompressed_size_is_refused(tmp_path):
    path = hostile.ratio_bomb(tmp_path / "big.xlsx", HEADER, megabytes=3)
    with pytest.raises(SpreadsheetError, match="解压后 3 MB，上限 2 MB"):
        read_first_sheet(path, width=3, limits=limits(part_bytes=2 * 1024 * 1024))


def test_a_compression_ratio_bomb_is_refused_before_decompressing(tmp_path):
    path = hostile.ratio_bomb(tmp_path / "ratio.xlsx", HEADER, megabytes=3)
    with pytest.raises(SpreadsheetError, match=r"压缩比 \d+:1，上限 100:1"):
        read_first_sheet(path, width=3)


def test_the_total_uncompressed_size_is_bounded(tmp_path):
    path = hostile.ratio_bomb(tmp_path / "total.xlsx", HEADER, megabytes=3)
    with pytest.raises(SpreadsheetError, match="解压后共 3 MB，上限 2 MB"):
        read_first_sheet(path, width=3, limits=limits(total_bytes=2 * 1024 * 1024, compression_ratio=10**6))


# --- while reading: the XML -----------------------------------------------------------------------


def test_a_row_number_past_the_limit_is_refused(tmp_path):
    path = hostile.far_cell(tmp_path / "far.xlsx", HEADER)
    with pytest.raises(SpreadsheetError, match="用到第 1048575 行，上限 20000 行"):
        read_first_sheet(path, width=3)


def test_a_row_with_more_cells_than_columns_allowed_is_refused(tmp_path):
    path = hostile.wide_row(tmp_path / "wide.xlsx", HEADER, cells=20_000)
    with pytest.raises(SpreadsheetError, match="第 2 个数据行超过 100 列"):
        read_first_sheet(path, width=3)


def test_shared_strings_count_as_cells(tmp_path):
    path = hostile.shared_strings_bomb(tmp_path / "sst.xlsx", HEADER, strings=30_000)
    with pytest.raises(SpreadsheetError, match="单元格过多（超过 20000 个）"):
        read_first_sheet(path, width=3, limits=limits(cells=20_000))


def test_a_string_longer_than_the_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="第 2 行有单元格超过 100 个字符"):
        read_first_sheet(xlsx([["a"], ["x" * 101]]), width=1, limits=limits(string_length=100))


def test_a_doctype_is_refused(tmp_path):
    def sheet():
        yield b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
        yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        yield b"<sheetData><row><c><v>1</v></c></row></sheetData></worksheet>"

    path = hostile.build(tmp_path / "dtd.xlsx", sheet=sheet)
    with pytest.raises(SpreadsheetError, match="DTD"):
        read_first_sheet(path, width=3)


def test_prefixed_element_names_are_counted_too(tmp_path):
    def sheet():
        yield b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        yield b"<x:sheetData><x:row r='2'>" + b"<x:c><x:v>1</x:v></x:c>" * 200 + b"</x:row></x:sheetData>"
        yield b"</x:worksheet>"

    path = hostile.build(tmp_path / "prefixed.xlsx", sheet=sheet)
    with pytest.raises(SpreadsheetError, match="超过 100 列"):
        read_first_sheet(path, width=3)


@pytest.mark.parametrize(
    "content",
    [b"", b"not a workbook", b"PK\x03\x04 broken zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600],
)
def test_what_is_not_a_workbook_is_one_clear_message(content):
    with pytest.raises(SpreadsheetError, match=r"文件是空的|不是有效的 Excel 工作簿"):
        read_first_sheet(content, width=3)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(SpreadsheetError, match="找不到文件"):
        read_first_sheet(Path(tmp_path / "nope.xlsx"), width=3)


def test_an_xls_past_the_row_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="用到第 30 行，上限 20 行"):
        read_first_sheet(xls([["x"]] * 30), width=1, limits=limits(rows=20))


def test_an_xls_with_one_far_cell_is_refused_without_padding_the_sheet():
    book = xlwt.Workbook()
    sheet = book.add_sheet("x")
    sheet.write(0, 0, "a")
    sheet.write(65535, 255, "far")
    buffer = io.BytesIO()
    book.save(buffer)
    # Memory, not time, tells padding apart on a shared machine: padded, xlrd peaks at ~150 MB here.
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError, match="用到第 65536 行，上限 20000 行"):
            read_first_sheet(buffer.getvalue(), width=3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, peak


def test_an_xls_row_shorter_than_the_widest_is_padded_with_none():
    assert read_first_sheet(xls([["a", "b", "c"], ["x"]]), width=3) == [("a", "b", "c"), ("x", None, None)]

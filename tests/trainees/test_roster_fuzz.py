"""Fuzzing the roster import with generated hostile workbooks (issue 9's done-when): bombs, huge
dimensions, broken zips, DTDs, wrong types, formulas, long and odd strings, as .xlsx and .xls.

Whatever the file, the browser import answers with a page (never a 500) and the command with a report or
exit code 2 and a message (never another exception, so never a traceback); each file is dealt with in
bounded time; and a refused file leaves nothing behind (no import row, no stored file, no enrolment).
"""

from __future__ import annotations

import datetime
import io
import time
from io import StringIO

import pytest
import xlwt
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from core.xlsx import cell as safe_cell
from core.xlsx import safe_value
from tests import hostile_workbooks as hostile
from trainees.models import Enrollment, RosterImport
from trainees.roster import ROSTER_HEADER

from .test_import_roster_command import LY, presets  # noqa: F401
from .test_import_views import commit, good, quota, staff, stored_files, upload  # noqa: F401

SECONDS_PER_FILE = 10
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# --- what goes into a cell ------------------------------------------------------------------------

odd_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\u200b\u200d\u202e\u2066\ufeff\x00\x07\t\n\r　ＡＸ０１２３"),
    ),
    max_size=40,
)
formula_like = st.sampled_from(['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\t=1", "=1/0"])
long_text = st.integers(min_value=29, max_value=40_000).map(lambda n: "长" * n)
cell_values = st.one_of(
    st.none(),
    odd_text,
    formula_like,
    long_text,
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
)


@st.composite
def roster_rows(draw) -> tuple[list, list[list]]:
    """A header (usually right) and a few rows: real applicants with some cells replaced, or junk."""
    header = list(ROSTER_HEADER)
    if draw(st.integers(0, 9)) == 0:
        header[draw(st.integers(0, len(header) - 1))] = draw(cell_values)
    rows = []
    for serial in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            row = good(serial + 1)
            for column in draw(st.lists(st.sampled_from(ROSTER_HEADER), max_size=4)):
                row[column] = draw(cell_values)
            rows.append([row[name] for name in ROSTER_HEADER])
        else:
            rows.append(draw(st.lists(cell_values, max_size=25)))
    return header, rows


def _xlsx(header: list, rows: list[list], *, formulas: bool) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    for line in [header, *rows]:
        if formulas:  # plain cells: "=..." becomes a real formula (without a cached value)
            sheet.append([WriteOnlyCell(sheet, value=safe_value(value)) for value in line])
        else:
            sheet.append([safe_cell(sheet, value) for value in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xls(header: list, rows: list[list]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    for r, line in enumerate([header, *rows]):
        for c, value in enumerate(line[:256]):
            if value is None:
                continue
            if isinstance(value, str):
                value = value[:32_767]
            elif isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            elif isinstance(value, datetime.date):
                sheet.write(
                    r,
                    c,
                    datetime.datetime.combine(value, datetime.time()),
                    xlwt.easyxf(num_format_str="yyyy-mm-dd"),
                )
                continue
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def hostile_files(draw, tmp) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "cells",
                "formulas",
                "xls",
                "wide",
                "far",
                "ratio",
                "strings",
                "truncated",
                "flipped",
                "dtd",
                "junk",
            ]
        )
    )
    event(kind)  # --hypothesis-show-statistics lists how often each kind was fed
    path = tmp / "fuzz.xlsx"
    if kind in ("cells", "formulas", "truncated", "flipped"):
        header, rows = draw(roster_rows())
        content = _xlsx(header, rows, formulas=kind == "formulas")
        # A position drawn independently of the length: the workbook's timestamp can change its size.
        at = draw(st.integers(0, 10**6)) % len(content)
        if kind == "truncated":
            return content[:at]
        if kind == "flipped":
            return content[:at] + bytes([draw(st.integers(0, 255))]) + content[at + 1 :]
        return content
    if kind == "xls":
        return _xls(*draw(roster_rows()))
    if kind == "wide":
        return hostile.wide_row(path, ROSTER_HEADER, cells=draw(st.integers(101, 20_000))).read_bytes()
    if kind == "far":
        row = draw(st.integers(20_001, 1_048_576))

        def far():
            yield hostile.header_row(ROSTER_HEADER)
            yield f'<row r="{row}"><c r="XFD{row}"><v>1</v></c></row>'.encode()

        return hostile.build(
            path, sheet=lambda: hostile.sheet_xml(far(), dimension=f"A1:XFD{row}")
        ).read_bytes()
    if kind == "ratio":
        return hostile.ratio_bomb(path, ROSTER_HEADER, megabytes=draw(st.integers(2, 4))).read_bytes()
    if kind == "strings":
        return hostile.shared_strings_bomb(path, ROSTER_HEADER, strings=1_000_100).read_bytes()
    if kind == "dtd":

        def dtd():
            yield b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            yield b"<sheetData><row><c t='inlineStr'><is><t>&b;</t></is></c></row></sheetData></worksheet>"

        return hostile.build(path, sheet=dtd).read_bytes()
    return draw(st.binary(max_size=2048))


# --- the properties -------------------------------------------------------------------------------


@pytest.fixture
def fuzz_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=st.data())
def test_the_browser_import_survives_any_file(quota, staff, fuzz_folder, data):  # noqa: F811
    program, _ = quota
    content = data.draw(hostile_files(fuzz_folder))
    imports, files = RosterImport.objects.count(), stored_files()

    started = time.monotonic()
    response = upload(staff, program, content)
    assert time.monotonic() - started < SECONDS_PER_FILE

    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:  # refused: the page says why, nothing is kept
        html = response.content.decode()
        assert "花名册无法导入" in html or "文件" in html
        assert RosterImport.objects.count() == imports
        assert stored_files() == files
        return
    roster_import = RosterImport.objects.latest("id")
    assert roster_import.status == "checked"
    before = Enrollment.objects.count()  # earlier examples may have committed some
    committed = commit(staff, roster_import)
    assert committed.status_code == 200
    roster_import.refresh_from_db()
    assert Enrollment.objects.count() - before == roster_import.saved


@FUZZ
@given(data=st.data())
def test_the_command_survives_any_file(presets, fuzz_folder, data):  # noqa: F811
    path = fuzz_folder / "command.xlsx"
    path.write_bytes(data.draw(hostile_files(fuzz_folder)))
    started = time.monotonic()
    try:
        call_command("import_roster", str(path), "--program", LY, "--dry-run", "--json", stdout=StringIO())
    except CommandError as error:  # the only way out besides a report: a message and exit code 2
        assert error.returncode == 2
        assert str(error).startswith("花名册“command.xlsx”无法导入：")
    assert time.monotonic() - started < SECONDS_PER_FILE
    assert Enrollment.objects.count() == 0

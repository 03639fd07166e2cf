"""trainees.roster without the database: the workbook checks, every cell parser and the template."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from programs.choices import Education, EmployerType, Level, Sex, Title
from trainees.roster import ROSTER_HEADER, RosterError, RosterRow, read_roster, roster_template_xlsx

from .roster_factory import make_id, person, write_roster

SPEC_HEADER = (
    "序号 | 姓名 | 性别 | 身份证号码 | 工作单位 | 单位类型 | 参加社会保险 | "
    "文化程度 | 现职业（工种） | 现证书等级 | 证书编号 | 发证日期 | 工作年限 | "
    "专业技术职称 | 职称取得日期 | 荣誉 | 同期参加其他补贴性培训 | "
    "参加培训职业（工种） | 培训等级 | 联系电话 | 备注"
)


def read_one(tmp_path: Path, **cells: Any) -> RosterRow:
    [row] = read_roster(write_roster(tmp_path / "roster.xlsx", [person(**cells)]))
    return row


def codes(row: RosterRow) -> list[str]:
    return [reason.code for reason in row.problems]


# --- the header ------------------------------------------------------------------------------------


def test_the_header_is_spec_section_6_in_order():
    assert " | ".join(ROSTER_HEADER) == SPEC_HEADER
    assert len(ROSTER_HEADER) == 21


def with_header_cell(position: int, value: Any) -> list[Any]:
    header = list(ROSTER_HEADER)
    header[position - 1] = value
    return header


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (with_header_cell(4, "身份证号"), "第 4 列应为“身份证号码”，实为“身份证号”"),
        (with_header_cell(1, "编号"), "第 1 列应为“序号”，实为“编号”"),
        (with_header_cell(19, None), "第 19 列应为“培训等级”，实为空"),
        (ROSTER_HEADER[:20], "第 21 列应为“备注”，实为空"),
        (
            [*ROSTER_HEADER[:2], ROSTER_HEADER[3], ROSTER_HEADER[2], *ROSTER_HEADER[4:]],
            "第 3 列应为“性别”，实为“身份证号码”",
        ),
        (with_header_cell(9, "现职业"), "第 9 列应为“现职业（工种）”，实为“现职业”"),
    ],
)
def test_a_wrong_header_names_the_first_column_that_differs(tmp_path, header, message):
    path = write_roster(tmp_path / "r.xlsx", [person()], header=header)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert str(caught.value) == message


def test_the_header_tolerates_whitespace_and_either_width_of_parentheses(tmp_path):
    header = list(ROSTER_HEADER)
    header[1] = "  姓名 "
    header[8] = "现职业(工种)"
    header[17] = "参加培训职业（工种)\n"
    header[16] = "同期参加其他\n补贴性培训"
    rows = read_roster(write_roster(tmp_path / "r.xlsx", [person()], header=header))
    assert [row.name for row in rows] == ["张三明"]


def test_columns_after_the_twenty_first_are_ignored(tmp_path):
    """A rejected-rows download carries a reasons column; the corrected file must import again."""
    path = write_roster(
        tmp_path / "r.xlsx", [[*person().values(), "旧的问题说明"]], header=[*ROSTER_HEADER, "问题说明"]
    )
    [row] = read_roster(path)
    assert row.problems == []
    assert "问题说明" not in row.values


# --- files that are not rosters ---------------------------------------------------------------------


def _not_xlsx_files(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "roster.txt"
    text.write_text("序号,姓名\n1,张三\n", encoding="utf-8")
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_text("这不是 Excel 文件", encoding="utf-8")
    xls = tmp_path / "old.xls"  # the OLE2 signature of a binary .xls, then junk
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    zipped = tmp_path / "other.xlsx"  # a zip, but without a workbook inside
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "hi")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    return {"text": text, "renamed": renamed, "xls": xls, "zip": zipped, "empty": empty}


@pytest.mark.parametrize("kind", ["text", "renamed", "xls", "zip", "empty"])
def test_a_file_that_is_not_a_workbook_is_a_roster_error(tmp_path, kind):
    path = _not_xlsx_files(tmp_path)[kind]
    expected = "文件是空的" if kind == "empty" else r"不是有效的 Excel 工作簿（\.xlsx 或 \.xls）"
    for source in (path, str(path), io.BytesIO(path.read_bytes())):
        with pytest.raises(RosterError, match=expected):
            read_roster(source)


def test_a_missing_file_is_a_roster_error(tmp_path):
    with pytest.raises(RosterError, match="找不到文件"):
        read_roster(tmp_path / "nope.xlsx")


def test_an_empty_workbook_has_no_header(tmp_path):
    path = tmp_path / "blank.xlsx"
    Workbook().save(path)
    with pytest.raises(RosterError, match="花名册为空：第 1 行应为表头"):
        read_roster(path)


def test_a_header_without_rows_has_no_data_rows(tmp_path):
    with pytest.raises(RosterError) as caught:
        read_roster(write_roster(tmp_path / "r.xlsx", []))
    assert str(caught.value) == "花名册没有数据行"


def test_blank_and_numbered_only_rows_are_not_data_rows(tmp_path):
    blank = [None] * 21
    spaces = [" "] * 21
    numbered = [7] + [None] * 20  # templates are often pre-numbered below the last trainee
    with pytest.raises(RosterError, match="花名册没有数据行"):
        read_roster(write_roster(tmp_path / "r.xlsx", [blank, spaces, numbered]))


def test_rows_keep_their_worksheet_numbers_across_skipped_rows(tmp_path):
    blank = [None] * 21
    path = write_roster(
        tmp_path / "r.xlsx",
        [person(), blank, blank, person(姓名="李四"), [3] + [None] * 20, person(姓名="王五")],
    )
    assert [(row.row, row.name) for row in read_roster(path)] == [(2, "张三明"), (5, "李四"), (7, "王五")]


def test_a_binary_file_like_object_is_read_too(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [person()])
    [row] = read_roster(io.BytesIO(path.read_bytes()))
    assert row.name == "张三明"


def test_the_first_worksheet_is_read(tmp_path):
    workbook = Workbook()
    workbook.active.append(ROSTER_HEADER)
    workbook.active.append(list(person(姓名="第一张").values()))
    other = workbook.create_sheet("其他")
    other.append(["无关"])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    assert [row.name for row in read_roster(path)] == ["第一张"]


# --- a complete row -----------------------------------------------------------------------------------


def test_a_complete_row_becomes_facts(tmp_path):
    row = read_one(
        tmp_path,
        **{
            "专业技术职称": "助理工程师",
            "职称取得日期": "2019-07-01",
            "荣誉": "临沂市技术能手",
            "备注": "用人单位推荐",
        },
    )
    facts = row.facts
    assert row.row == 2
    assert row.problems == []
    assert (facts.name, facts.sex, facts.id_number) == ("张三明", Sex.MALE, make_id(date(1985, 6, 1)))
    assert (facts.employer, facts.employer_type, facts.social_insurance) == (
        "临沂重工机械有限公司",
        EmployerType.ENTERPRISE,
        True,
    )
    assert facts.education == Education.HIGH_SCHOOL
    assert (facts.cert_occupation, facts.cert_level, facts.cert_number, facts.cert_date) == (
        "车工",
        Level.SENIOR_WORKER,
        "S201801001",
        date(2018, 1, 1),
    )
    assert (facts.years_in_trade, facts.title, facts.title_date) == (
        15,
        Title.ASSISTANT_ENGINEER,
        date(2019, 7, 1),
    )
    assert (facts.honour, facts.parallel_training, facts.employer_recommended) == (True, False, True)
    assert (facts.target_occupation, row.target_level) == ("车工", Level.TECHNICIAN)
    assert (row.phone, row.remark, row.honour_text, row.cert_number) == (
        "13812345678",
        "用人单位推荐",
        "临沂市技术能手",
        "S201801001",
    )
    assert facts.target_in_catalog is None  # resolved against the catalogue at validation, not here


# --- cell parsers: values that parse ---------------------------------------------------------------------

ID = make_id(date(1985, 6, 1))
ID_X = next(
    make_id(date(1990, 3, 15), serial=s)
    for s in range(100)
    if make_id(date(1990, 3, 15), serial=s).endswith("X")
)

PARSED: list[tuple[str, Any, str, Any]] = [
    # column, cell value, attribute of the row (facts.* or row.*), expected value
    ("性别", "男", "facts.sex", "M"),
    ("性别", "女", "facts.sex", "F"),
    ("性别", " 男 ", "facts.sex", "M"),
    ("性别", None, "facts.sex", None),
    ("身份证号码", ID, "facts.id_number", ID),
    ("身份证号码", f" {ID[:6]} {ID[6:14]} {ID[14:]} ", "facts.id_number", ID),
    ("身份证号码", ID_X.lower(), "facts.id_number", ID_X),
    ("身份证号码", ID.translate(str.maketrans("0123456789", "０１２３４５６７８９")), "facts.id_number", ID),
    ("单位类型", "企业", "facts.employer_type", "enterprise"),
    ("单位类型", "技工院校", "facts.employer_type", "technical_school"),
    ("单位类型", "职业院校", "facts.employer_type", "vocational_college"),
    ("单位类型", "机关事业单位", "facts.employer_type", "public_institution"),
    ("单位类型", None, "facts.employer_type", None),
    ("参加社会保险", "是", "facts.social_insurance", True),
    ("参加社会保险", "否", "facts.social_insurance", False),
    ("参加社会保险", None, "facts.social_insurance", None),
    ("同期参加其他补贴性培训", "是", "facts.parallel_training", True),
    ("同期参加其他补贴性培训", "否", "facts.parallel_training", False),
    ("同期参加其他补贴性培训", None, "facts.parallel_training", False),
    *[
        ("文化程度", text, "facts.education", level)
        for level, texts in {
            1: ["初中及以下", "初中", "小学"],
            2: ["高中/中专/技校", "高中／中专／技校", "高中", "中专", "技校", "职高", "中职"],
            3: ["大专", "专科"],
            4: ["本科", "大学本科"],
            5: ["研究生", "硕士", "博士"],
        }.items()
        for text in texts
    ],
    ("文化程度", None, "facts.education", None),
    *[
        ("现证书等级", text, "facts.cert_level", level)
        for level, texts in {
            1: ["高级技师", "一级", "一级/高级技师"],
            2: ["技师", "二级", "技师（二级）"],
            3: ["高级工", "三级", "高级", "三级/高级工"],
            4: ["中级工", "四级", "中级"],
            5: ["初级工", "五级", "初级"],
            None: [None, "", "无", " 无 "],
        }.items()
        for text in texts
    ],
    ("培训等级", "技师", "target_level", 2),
    ("培训等级", "二级", "target_level", 2),
    ("培训等级", "高级技师", "target_level", 1),
    ("培训等级", "高级", "target_level", 3),
    ("培训等级", "五级/初级工", "target_level", 5),
    ("发证日期", datetime(2018, 1, 1), "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", date(2018, 1, 1), "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", "2018-01-01", "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", "2018/1/1", "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", "2018.01.01", "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", "2018年1月1日", "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", "2018-01-01 00:00:00", "facts.cert_date", date(2018, 1, 1)),
    ("发证日期", "2020-02-29", "facts.cert_date", date(2020, 2, 29)),
    ("发证日期", None, "facts.cert_date", None),
    ("职称取得日期", "2019年07月01日", "facts.title_date", date(2019, 7, 1)),
    ("职称取得日期", datetime(2019, 7, 1, 0, 0), "facts.title_date", date(2019, 7, 1)),
    ("工作年限", 14, "facts.years_in_trade", 14),
    ("工作年限", 14.0, "facts.years_in_trade", 14),
    ("工作年限", "14", "facts.years_in_trade", 14),
    ("工作年限", "14年", "facts.years_in_trade", 14),
    ("工作年限", " 14 年 ", "facts.years_in_trade", 14),
    ("工作年限", 0, "facts.years_in_trade", 0),
    ("工作年限", None, "facts.years_in_trade", None),
    ("专业技术职称", "助理工程师", "facts.title", "assistant_engineer"),
    ("专业技术职称", "工程师", "facts.title", "engineer"),
    ("专业技术职称", "高级工程师", "facts.title", "senior_engineer"),
    ("专业技术职称", "无", "facts.title", "none"),
    ("专业技术职称", None, "facts.title", None),
    ("荣誉", "德州市技术能手", "facts.honour", True),
    ("荣誉", "国家发明专利一项", "facts.honour", True),
    ("荣誉", "无", "facts.honour", False),
    ("荣誉", "否", "facts.honour", False),
    ("荣誉", None, "facts.honour", False),
    ("联系电话", "0534-2345678", "phone", "0534-2345678"),
    ("联系电话", "+86 138 1234 5678", "phone", "+86 138 1234 5678"),
    ("联系电话", 13812345678, "phone", "13812345678"),
    ("联系电话", None, "phone", ""),
    ("备注", "用人单位推荐", "facts.employer_recommended", True),
    ("备注", "经单位推荐报名", "facts.employer_recommended", True),
    ("备注", "未经用人单位推荐", "facts.employer_recommended", False),
    ("备注", "非用人单位推荐", "facts.employer_recommended", False),
    ("备注", "不推荐", "facts.employer_recommended", False),
    ("备注", "夜班", "facts.employer_recommended", False),
    ("备注", None, "facts.employer_recommended", False),
    ("证书编号", 20180101, "facts.cert_number", "20180101"),
    ("工作单位", "  德州机床厂  ", "facts.employer", "德州机床厂"),
]


def _attribute(row: RosterRow, path: str) -> Any:
    value: Any = row
    for name in path.split("."):
        value = getattr(value, name)
    return value


@pytest.mark.parametrize(("column", "value", "attribute", "expected"), PARSED)
def test_a_cell_that_parses(tmp_path, column, value, attribute, expected):
    row = read_one(tmp_path, **{column: value})
    assert codes(row) == []
    assert _attribute(row, attribute) == expected


# --- cell parsers: values that do not -------------------------------------------------------------------

REJECTED: list[tuple[str, Any, str, str]] = [
    # column, cell value, code, exact message
    ("姓名", None, "name_missing", "未填写姓名"),
    ("姓名", "  ", "name_missing", "未填写姓名"),
    ("性别", "男性", "sex_invalid", "性别“男性”无效（应为“男”或“女”）"),
    ("性别", "M", "sex_invalid", "性别“M”无效（应为“男”或“女”）"),
    (
        "单位类型",
        "私营企业",
        "employer_type_invalid",
        "单位类型“私营企业”无效（应为企业、技工院校、职业院校、机关事业单位之一）",
    ),
    ("参加社会保险", "有", "yes_no_invalid", "参加社会保险“有”无效（应为“是”或“否”）"),
    ("同期参加其他补贴性培训", "Y", "yes_no_invalid", "同期参加其他补贴性培训“Y”无效（应为“是”或“否”）"),
    (
        "文化程度",
        "幼儿园",
        "education_invalid",
        "文化程度“幼儿园”无效（应为初中及以下、高中/中专/技校、大专、本科、研究生之一）",
    ),
    (
        "现证书等级",
        "特级",
        "level_invalid",
        "现证书等级“特级”无效（应为高级技师、技师、高级工、中级工、初级工之一）",
    ),
    ("现证书等级", 3, "level_invalid", "现证书等级“3”无效（应为高级技师、技师、高级工、中级工、初级工之一）"),
    (
        "现证书等级",
        "高级/技师",
        "level_invalid",
        "现证书等级“高级/技师”无效（应为高级技师、技师、高级工、中级工、初级工之一）",
    ),
    ("发证日期", "2021-13-01", "date_invalid", "发证日期“2021-13-01”不是有效日期（应为 YYYY-MM-DD）"),
    ("发证日期", "2021-02-29", "date_invalid", "发证日期“2021-02-29”不是有效日期（应为 YYYY-MM-DD）"),
    ("发证日期", "2021-05/01", "date_invalid", "发证日期“2021-05/01”不是有效日期（应为 YYYY-MM-DD）"),
    ("发证日期", "去年", "date_invalid", "发证日期“去年”不是有效日期（应为 YYYY-MM-DD）"),
    ("发证日期", 44197, "date_invalid", "发证日期“44197”不是有效日期（应为 YYYY-MM-DD）"),
    ("职称取得日期", "2020/02/30", "date_invalid", "职称取得日期“2020/02/30”不是有效日期（应为 YYYY-MM-DD）"),
    ("工作年限", 14.5, "years_invalid", "工作年限“14.5”无效（应为 0 或正整数年数）"),
    ("工作年限", "14.5", "years_invalid", "工作年限“14.5”无效（应为 0 或正整数年数）"),
    ("工作年限", -1, "years_invalid", "工作年限“-1”无效（应为 0 或正整数年数）"),
    ("工作年限", "-3", "years_invalid", "工作年限“-3”无效（应为 0 或正整数年数）"),
    ("工作年限", "十四年", "years_invalid", "工作年限“十四年”无效（应为 0 或正整数年数）"),
    ("工作年限", "约10年", "years_invalid", "工作年限“约10年”无效（应为 0 或正整数年数）"),
    (
        "专业技术职称",
        "技术员",
        "title_invalid",
        "专业技术职称“技术员”无效（应为无、助理工程师、工程师、高级工程师之一）",
    ),
    ("参加培训职业（工种）", None, "target_occupation_missing", "未填写参加培训职业（工种）"),
    ("培训等级", None, "target_level_missing", "未填写培训等级"),
    (
        "培训等级",
        "特级",
        "target_level_invalid",
        "培训等级“特级”无效（应为高级技师、技师、高级工、中级工、初级工之一）",
    ),
    (
        "培训等级",
        "无",
        "target_level_invalid",
        "培训等级“无”无效（应为高级技师、技师、高级工、中级工、初级工之一）",
    ),
    (
        "培训等级",
        2,
        "target_level_invalid",
        "培训等级“2”无效（应为高级技师、技师、高级工、中级工、初级工之一）",
    ),
    ("联系电话", "138-abc", "phone_invalid", "联系电话“138-abc”无效（应为 7–20 位数字，可含空格、-、+）"),
    ("联系电话", "123456", "phone_invalid", "联系电话“123456”无效（应为 7–20 位数字，可含空格、-、+）"),
    ("联系电话", "1" * 21, "phone_invalid", f"联系电话“{'1' * 21}”无效（应为 7–20 位数字，可含空格、-、+）"),
    (
        "联系电话",
        "--- --- ---",
        "phone_invalid",
        "联系电话“--- --- ---”无效（应为 7–20 位数字，可含空格、-、+）",
    ),
]


@pytest.mark.parametrize(("column", "value", "code", "message"), REJECTED)
def test_a_cell_that_does_not_parse(tmp_path, column, value, code, message):
    row = read_one(tmp_path, **{column: value})
    assert [(r.code, r.message) for r in row.problems] == [(code, message)]


def test_an_unparsed_cell_counts_as_not_declared(tmp_path):
    row = read_one(tmp_path, 性别="男性", 发证日期="2021-13-01", 工作年限=14.5, 培训等级="特级")
    assert (row.facts.sex, row.facts.cert_date, row.facts.years_in_trade, row.target_level) == (None,) * 4
    assert codes(row) == ["sex_invalid", "date_invalid", "years_invalid", "target_level_invalid"]


# --- dates and IDs as Excel stores them --------------------------------------------------------------


def test_excel_dates_and_text_dates_give_the_same_date(tmp_path):
    """A date typed into Excel is stored as a serial number with a date format; openpyxl reads it back
    as a datetime. Text dates (cells formatted as text) go through the text forms."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ROSTER_HEADER)
    excel = list(person(姓名="日期格式").values())
    text = list(person(姓名="文本日期").values())
    excel[11], excel[14] = datetime(2018, 1, 1), date(2019, 7, 1)
    text[11], text[14] = "2018-01-01", "2019年7月1日"
    sheet.append(excel)
    sheet.append(text)
    sheet["L2"].number_format = "yyyy/m/d"
    sheet["L3"].number_format = "@"
    path = tmp_path / "dates.xlsx"
    workbook.save(path)
    stored = load_workbook(path).active
    assert stored["L2"].is_date and stored["L2"].data_type == "d"  # an Excel date, not text
    assert stored["L3"].data_type == "s"
    rows = read_roster(path)
    assert [(r.facts.cert_date, r.facts.title_date) for r in rows] == [
        (date(2018, 1, 1), date(2019, 7, 1))
    ] * 2
    assert [codes(r) for r in rows] == [[], []]


def test_an_id_stored_as_an_integer_is_turned_back_into_its_digits(tmp_path):
    """openpyxl (like Excel) writes numbers as doubles, so the exact integer is put into the sheet XML by
    hand, as a generator writing integers would."""
    path = write_roster(tmp_path / "r.xlsx", [person(身份证号码=1234567)])
    patched = tmp_path / "int-id.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert data.count(b"<v>1234567</v>") == 1
                data = data.replace(b"<v>1234567</v>", f"<v>{ID}</v>".encode())
            target.writestr(item, data)
    [row] = read_roster(patched)
    assert row.values["身份证号码"] == int(ID)
    assert row.id_number == ID
    assert codes(row) == []


def test_an_id_stored_as_a_float_has_lost_digits_and_says_so(tmp_path):
    rounded = float(int(ID))  # what Excel keeps: 15 significant digits
    row = read_one(tmp_path, 身份证号码=rounded)
    assert row.id_number == str(int(rounded))  # the digits are kept: the engine then judges them
    assert len(row.id_number) == 18
    assert codes(row) == ["id_number_precision_lost"]
    assert "请将该列设为文本格式" in row.problems[0].message


def test_the_raw_cells_are_kept_for_echoing_back(tmp_path):
    row = read_one(tmp_path, 工作年限="十四年")
    assert row.values["工作年限"] == "十四年"
    assert list(row.values) == ROSTER_HEADER


# --- the template -----------------------------------------------------------------------------------


def test_the_template_is_a_header_only_roster_with_guidance_and_dropdowns(tmp_path):
    data = roster_template_xlsx()
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["花名册", "填写说明"]
    sheet = workbook["花名册"]
    assert [cell.value for cell in sheet[1]] == ROSTER_HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert all(cell.value is None for row in sheet.iter_rows(min_row=2) for cell in row)  # no example row
    assert sheet.column_dimensions["D"].width >= 20
    for letter in ("D", "K", "T"):  # 身份证号码, 证书编号, 联系电话
        assert sheet[f"{letter}2"].number_format == "@"
        assert sheet[f"{letter}2000"].number_format == "@"

    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    column = {name: chr(ord("A") + i) for i, name in enumerate(ROSTER_HEADER)}
    expected = {
        "性别": '"男,女"',
        "单位类型": '"企业,技工院校,职业院校,机关事业单位"',
        "参加社会保险": '"是,否"',
        "文化程度": '"初中及以下,高中/中专/技校,大专,本科,研究生"',
        "现证书等级": '"高级技师,技师,高级工,中级工,初级工,无"',
        "专业技术职称": '"无,助理工程师,工程师,高级工程师"',
        "同期参加其他补贴性培训": '"是,否"',
        "培训等级": '"高级技师,技师,高级工,中级工,初级工"',
    }
    assert lists == {f"{column[name]}2:{column[name]}2000": formula for name, formula in expected.items()}

    guide = workbook["填写说明"]
    guided = [row[0] for row in guide.iter_rows(min_row=2, max_row=22, values_only=True)]
    assert guided == ROSTER_HEADER
    text = " ".join(str(v) for row in guide.iter_rows(values_only=True) for v in row if v)
    assert "用人单位推荐" in text and "YYYY-MM-DD" in text

    # The blank template is a valid, empty roster; filled in, it imports.
    path = tmp_path / "template.xlsx"
    path.write_bytes(data)
    with pytest.raises(RosterError, match="花名册没有数据行"):
        read_roster(path)
    filled = load_workbook(path)
    for column, value in enumerate(person().values(), start=1):
        filled["花名册"].cell(row=2, column=column, value=value)
    filled.save(path)
    [row] = read_roster(path)
    assert row.problems == [] and row.row == 2

"""The statistics tables: every layout read back, 合计 = sum of rows, county = its bases, city = its counties,
培训人数 = the roster's rows, 合格人数 = the passed results."""

import io
from collections import Counter

import pytest
from openpyxl import load_workbook

from assessment.selectors import passed_enrollments
from programs.choices import Level
from stats.layouts import LAYOUTS, LayoutKind, layout_for
from stats.models import StatisticsPolicy
from stats.selectors import MEASURES, figures, statistics_policy
from stats.services import sheet_build
from tests.statistics.factories import stats_world
from trainees.selectors import roster_enrollments

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[tuple]:
    return [tuple(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def _set_layout(program, kind):
    policy = statistics_policy(program)
    policy.layout = kind
    policy.save()


@pytest.mark.parametrize("kind", list(LayoutKind.values))
def test_every_layout_reads_back_with_its_header_total_and_signature_lines(world, kind):
    data = stats_world(world)
    _set_layout(data["program"], kind)
    layout = layout_for(kind)
    _name, content, _result = sheet_build(
        program=data["program"],
        organisation=world.city,
        filled_by="张三",
        phone="0539-1234567",
        signer="李院长",
    )
    rows = _rows(content)
    first_cells = [r[0] for r in rows]
    for label in layout.header_lines:
        assert any(str(c).startswith(f"{label}：") for c in first_cells if c), label
    if layout.header_lines:
        assert "填报单位（盖章）：临沂市" in first_cells
    else:  # 泰安: no header lines, the footer says who filled it in
        assert "填表人：张三" in first_cells
    for label in layout.footer_lines:
        assert any(str(c).startswith(f"{label}：") for c in first_cells if c), label
    total = next(r for r in rows if r[0] == "合计")
    start = rows.index(total) - 1
    body_start = next(i for i, r in enumerate(rows) if r[0] in ("职业（工种）", "县(市、区)"))
    body = [r for r in rows[body_start + 1 : start + 1] if r[0]]
    if layout.by_county:
        assert [r[3] for r in body] == [7, 2]  # 兰山区 then 罗庄区 (sorted by name)
        assert total[3] == 9
        assert layout.notes[0] in first_cells
    else:
        width = len(layout.columns())
        for col in range(1, width + 1):
            assert total[col] == sum(r[col] or 0 for r in body), col
        assert sum(total[1 : width + 1]) > 0


def test_weifang_layout_is_signed_by_the_vice_president():
    assert "分管院长（校长）" in LAYOUTS[LayoutKind.BY_LEVEL_ASSESSED].footer_lines


def test_dezhou_layout_splits_passes_inside_and_outside_the_catalogue(world):
    data = stats_world(world)
    _set_layout(data["program"], LayoutKind.BY_LEVEL_CATALOG)
    result = figures(data["program"])
    # 车工 高级工 is outside the catalogue; the table has no 高级工 column, so look at the figures.
    assert result.total(measure="passed_out") == 1
    assert result.total(measure="passed_in") == 4
    _n, content, _r = sheet_build(program=data["program"], organisation=world.city)
    rows = _rows(content)
    assert rows[4][1:4] == ("培训人数", "目录内合格人数", "目录外合格人数")
    weld = next(r for r in rows if r[0] == "焊工")
    assert weld[4:7] == (5, 3, 0)  # 技师: trained, in-catalogue passes, out-of-catalogue passes


def test_county_figures_are_the_sum_of_its_bases_and_the_city_the_sum_of_its_counties(world):
    data = stats_world(world)
    program = data["program"]
    city = figures(program)
    counties = [figures(program, county=c) for c in (world.county, world.county_same_city)]
    for county_org, county in zip((world.county, world.county_same_city), counties, strict=True):
        bases = [figures(program, base=b) for b in data["bases"] if b.organisation.county == county_org]
        assert county.cells and bases
        for key in county.cells:
            for measure in MEASURES:
                assert county.cells[key][measure] == sum(b.cells.get(key, {}).get(measure, 0) for b in bases)
    for key, counts in city.cells.items():
        for measure in MEASURES:
            assert counts[measure] == sum(c.cells.get(key, {}).get(measure, 0) for c in counties)
    assert city.total() == 9


def test_trained_equals_the_roster_rows_and_passed_the_passed_results(world):
    data = stats_world(world)
    program = data["program"]
    for base in data["bases"]:
        result = figures(program, base=base)
        roster = Counter((e.occupation_id, e.level) for e in roster_enrollments(base=base, program=program))
        assert {k: v["trained"] for k, v in result.cells.items()} == dict(roster)
        passed = Counter((e.occupation_id, e.level) for e in passed_enrollments(program, base=base))
        assert {k: v["passed"] for k, v in result.cells.items() if v["passed"]} == dict(passed)


def test_a_withdrawn_enrolment_and_an_unapproved_batch_do_not_count(world):
    data = stats_world(world)
    program = data["program"]
    base_a = data["bases"][0]
    before = figures(program, base=base_a)
    enrollment = base_a.enrollments.first()
    enrollment.status = "withdrawn"
    enrollment.save(update_fields=["status"])
    base_a.result_batches.update(status="submitted")
    after = figures(program, base=base_a)
    assert after.total() == before.total() - 1
    assert after.total(measure="passed") == 0


def test_the_policy_comes_from_the_preset_and_puts_its_deadline_on_the_tracker(world):
    program = stats_world(world, code="taian-2021")["program"]
    policy = statistics_policy(program)
    assert policy.layout == LayoutKind.PROJECT
    assert policy.sender == StatisticsPolicy.Sender.COUNTY
    assert policy.deadline is not None and policy.deadline.due.isoformat() == "2021-05-10"
    assert policy.deadline.audience == "county"
    assert statistics_policy(program).pk == policy.pk


def test_trained_per_occupation_and_level_equals_the_rows_of_the_roster_export_file(world):
    from trainees.reports import roster_export_file

    data = stats_world(world)
    program = data["program"]
    for base in data["bases"]:
        _name, content, _counts = roster_export_file(base=base, program=program, actor=None)
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=5, values_only=True))
        exported = Counter((r[8], r[9]) for r in rows if r[0])
        result = figures(program, base=base)
        shown = {
            (result.occupations[occ], Level(level).label): v["trained"]
            for (occ, level), v in result.cells.items()
        }
        assert shown == dict(exported)


def test_the_two_level_heading_is_merged_as_the_notice_draws_it(world):
    data = stats_world(world)
    _set_layout(data["program"], LayoutKind.BY_LEVEL)
    _n, content, _r = sheet_build(program=data["program"], organisation=world.city)
    merged = {str(r) for r in load_workbook(io.BytesIO(content)).active.merged_cells.ranges}
    # Title over all 8 columns; 职业（工种） and 备注 over both heading rows; each level over its two figures.
    assert {"A1:H1", "A4:A5", "B4:C4", "D4:E4", "F4:G4", "H4:H5"} <= merged

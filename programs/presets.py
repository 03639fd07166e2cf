"""The five preset programmes of SPEC §3, one per seed notice, as plain data (no ORM).

A city bureau creates its programme by copying a preset and editing it in the browser, so everything
here is JSON-friendly data (except the integer keys of ``subsidy_rates``) and nothing is code. Choice
values are written through ``programs.choices`` so a renamed code fails loudly at import time.

A preset's ``rules`` name only what its notice sets. The thresholds every notice shares (a certificate
held 3 years, 10/14/18 years in the trade, the 德州 10 years and 1 year) are the defaults of
``programs.eligibility.Rules``, their one definition, and are not repeated here.

Dates the notices leave open are chosen below with the reason beside them. Deadlines that fall in
January belong to the following year (the notices say "每年1月31日前" / "次年 1 月 10 日前" for the
statistics and filing after a year's training).
"""

from __future__ import annotations

import copy
from typing import Any

from programs.choices import (
    CatalogRule,
    CertificateOccupationRule,
    Education,
    Level,
    MaterialKind,
    PlacesCount,
    ProgramKind,
    Route,
)
from programs.eligibility import Rules

_STANDARD_HOURS = {"hours_total": 210, "hours_ideology": 10, "hours_theory": 110, "hours_practice": 90}
_NO_HOURS = {"hours_total": None, "hours_ideology": None, "hours_theory": None, "hours_practice": None}

PRESETS: dict[str, dict[str, Any]] = {
    "linyi-2023": {
        "city": "临沂市",
        "year": 2023,
        "kind": ProgramKind.GOLDEN_BLUE_COLLAR.value,
        "name": "2023年度临沂市“金蓝领”技师培训项目",
        "notice": "关于做好2023年度全市“金蓝领”技师培训项目工作的通知",
        # The notice date (2023年4月21日): the age window and certificate periods are judged as the
        # notice was published, so an applicant's answer does not change with the day the base types it.
        "reference_date": "2023-04-21",
        "deadlines": [
            {"label": "培训计划申报表报送", "date": "2023-04-28"},
            {"label": "培训完成", "date": "2023-09-30"},
            {"label": "考核评价完成", "date": "2023-11-10"},
        ],
        # Plans close on 28 April, then county review, city selection and a public notice (公示);
        # mid-May is the earliest realistic start. "培训应于 2023 年 9 月 30 日前完成".
        "training_start": "2023-05-15",
        "training_end": "2023-09-30",
        "rules": {
            "levels_offered": [Level.TECHNICIAN.value],
            # "年龄一般应年满 29 周岁且在 50 周岁以下": 以下 includes the number (SPEC §4).
            "age_min": 29,
            "age_max": 50,
            "social_insurance_required": True,
            "no_parallel_training": True,
            "catalog_rule": CatalogRule.IN_CATALOG.value,
            # "取得…高级工…证书 3 年（含）以上，或累计从事本职业（工种）满 14 年": the default thresholds.
            "routes": [Route.CERTIFICATE.value, Route.YEARS.value],
        },
        **_STANDARD_HOURS,
        "online_share_max": 0.4,
        "online_theory_only": True,
        "class_size_max": 30,
        "subsidy_rates": {Level.TECHNICIAN.value: 2000},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "base",
        # Review chain: "各县区人力资源社会保障局审核后加盖公章" and report to the city, which selects and
        # "进行统一公示，公示无异议的，确定为…实施单位": county stamp, city approval, public notice.
        "plan_county_review": True,
        "plan_public_notice": True,
        "notice_min_working_days": 5,
        "roster_city_recheck": False,
        # 二(四): "由各培训基地组织结业考核" (自主评价, or entrusted to an accredited third party);
        # 五: "根据取得职业技能等级人数申领补贴资金". The notice names no city approval of results.
        "assessor": "base",
        "results_city_approval": False,
        "pass_rule": "level",
        # "学员花名册、学员身份证复印件、劳动合同复印件、工作年限承诺书等报名材料复印件报所在地人社部门备案".
        "materials_required": [
            MaterialKind.ID_COPY.value,
            MaterialKind.CONTRACT.value,
            MaterialKind.CERTIFICATE.value,
        ],
    },
    "weihai-2019": {
        "city": "威海市",
        "year": 2019,
        "kind": ProgramKind.GOLDEN_BLUE_COLLAR.value,
        "name": "2019年度威海市“金蓝领”培训项目",
        "notice": "关于做好2019年度威海市“金蓝领”培训项目工作的通知",
        # The notice date (威人社字〔2019〕63号, 2019年10月21日).
        "reference_date": "2019-10-21",
        "deadlines": [
            {"label": "考核鉴定完成", "date": "2019-12-31"},
            {"label": "培训情况统计表及绩效评估报告报送", "date": "2020-01-31"},
        ],
        # Published on 21 October with the city-run appraisal due by 31 December: training runs from
        # November and ends mid-December to leave time for the appraisal.
        "training_start": "2019-11-01",
        "training_end": "2019-12-15",
        "rules": {
            "levels_offered": [
                Level.SENIOR_WORKER.value,
                Level.TECHNICIAN.value,
                Level.SENIOR_TECHNICIAN.value,
            ],
            # "国家职业资格目录外，待国家和省相关技能等级认定标准出台后组织实施": in catalogue only for now.
            "catalog_rule": CatalogRule.IN_CATALOG.value,
            "routes": [Route.CERTIFICATE.value, Route.YEARS.value, Route.HONOUR_NEXT_LEVEL.value],
        },
        **_STANDARD_HOURS,
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        # "补贴标准按照威人社字〔2019〕47号文件执行": the city fills the rates in.
        "subsidy_rates": {},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "national",
        # Review chain: the 区市 bureaus review the bases' plans (培训方案…报…备案); the notice has no 公示 of
        # plans (only of subsidy recipients).
        "plan_county_review": True,
        "plan_public_notice": False,
        "notice_min_working_days": 5,
        "roster_city_recheck": False,
        # (六): "由市人力资源公共服务中心职业技能鉴定机构统一组织考核鉴定…命题、考评、督导、阅卷".
        "assessor": "city",
        "results_city_approval": True,
        "pass_rule": "assessed",
    },
    "dezhou-2021": {
        "city": "德州市",
        "year": 2021,
        "kind": ProgramKind.GOLDEN_BLUE_COLLAR.value,
        "name": "2021年度德州市“金蓝领”技师（高级技师）培训",
        # The seed lacks the notice's first page (title and date); the title is rebuilt from the
        # surviving "…训工作有关事项通知如下" and the programme name of 附件1.
        "notice": "关于做好2021年度德州市“金蓝领”技师（高级技师）培训工作的通知",
        # The notice date is on the missing page. The bases and plans of 附件1 are already fixed and
        # training must end by mid-November, so the notice is from the first half of 2021; 1 June is
        # a stand-in the city bureau should replace with the real date.
        "reference_date": "2021-06-01",
        "deadlines": [
            # "各项培训须于 2021 年 11 月中旬前完成": mid-November read as the 15th.
            {"label": "培训完成", "date": "2021-11-15"},
            {"label": "结业考评完成", "date": "2021-11-15"},
            {"label": "培训情况统计表及绩效评估报告报送", "date": "2021-12-31"},
        ],
        "training_start": "2021-06-15",
        "training_end": "2021-11-15",
        "rules": {
            "levels_offered": [Level.TECHNICIAN.value, Level.SENIOR_TECHNICIAN.value],
            "catalog_rule": CatalogRule.OUT_NEEDS_RECOMMENDATION.value,
            "routes": [
                Route.CERTIFICATE.value,
                Route.YEARS.value,
                Route.HONOUR_CERT_OR_YEARS.value,
                Route.TITLE_YEARS.value,
                Route.TITLE_CERTIFICATE.value,
            ],
        },
        **_STANDARD_HOURS,
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        # "技师不超过 3000 元/人、高级技师不超过 5000 元/人": caps, hence subsidy_rate_is_cap.
        "subsidy_rates": {Level.TECHNICIAN.value: 3000, Level.SENIOR_TECHNICIAN.value: 5000},
        "subsidy_rate_is_cap": True,
        "advance_ratio": 0.6,
        "enrolment_tolerance": None,
        "certificate_issuer": "city",
        # Review chain: "培训计划报市人力资源社会保障局备案同意后组织实施": filed with the city, no
        # county stamp, no public notice.
        "plan_county_review": False,
        "plan_public_notice": False,
        "notice_min_working_days": 5,
        "roster_city_recheck": False,
        # 四(二): "由培训基地会同学员所在单位…共同确定考评结果。考评方案经市人力资源社会保障局同意后".
        "assessor": "base_employer",
        # 四(四): "焊工专业技能鉴定考核合格的学员，颁发相应等级国家职业资格证书"; the other trades get the
        # "金蓝领" training certificate.
        "national_occupations": ["焊工"],
        "results_city_approval": True,
        "pass_rule": "assessed",
        # --- certificates: 四(四) "经培训考评合格的学员，由市人力资源社会保障局发文公布，颁发“金蓝领”
        # 技师（高级技师）培训合格证书" ---
        "certificate_list_first": True,
        "certificate_national_excluded": True,
        # §二(三): "职业资格证书复印件或工作年限承诺证明（附件 2）、身份证复印件、1 寸近期证件照片 3 张、
        # 与企业签订的劳动合同复印件、本人对提交材料的真实性负法律性责任的说明等资料，破格参加培训的，
        # 需提供具备破格条件的有关资料".
        "materials_required": [
            MaterialKind.ID_COPY.value,
            MaterialKind.CONTRACT.value,
            MaterialKind.CERTIFICATE.value,
            MaterialKind.PHOTO.value,
            MaterialKind.TRUTH_STATEMENT.value,
            MaterialKind.EXCEPTION_PROOF.value,
        ],
    },
    "weifang-2020": {
        "city": "潍坊市",
        "year": 2020,
        "kind": ProgramKind.YOUNG_TECHNICIAN.value,
        # 潍坊 附件1 lists each base with its number of places (序号 | 培训基地 | 培训计划 | 备注).
        "plan_table_layout": "base_list",
        "name": "2020年度潍坊市青年技师素质提升计划",
        "notice": "关于开展2020年度青年技师素质提升计划的通知",
        # The notice date (潍人社字〔2020〕62号, 2020年8月31日).
        "reference_date": "2020-08-31",
        "deadlines": [
            {"label": "考核评定完成", "date": "2020-12-31"},
            {"label": "备案材料及绩效评估报告报送", "date": "2021-01-10"},
        ],
        # Published on 31 August; bases file with the county before starting, and the city-run
        # assessment is due by 31 December, so training ends mid-December.
        "training_start": "2020-09-15",
        "training_end": "2020-12-15",
        "rules": {
            "levels_offered": [Level.TECHNICIAN.value, Level.SENIOR_TECHNICIAN.value],
            # "年龄应在 50 周岁以下": 以下 includes the number (SPEC §4).
            "age_max": 50,
            # "具有高中（技工学校、中等职业学校）以上文化程度".
            "education_min": Education.HIGH_SCHOOL.value,
            "catalog_rule": CatalogRule.IN_CATALOG.value,
            "routes": [Route.CERTIFICATE.value],
            # "取得本职业（工种）或与之相近职业（工种）高级工职业资格证书 3 年以上".
            "certificate_occupation_rule": CertificateOccupationRule.SIMILAR.value,
        },
        **_STANDARD_HOURS,
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        # "按照潍人社字〔2019〕72 号文件规定给予职业培训补贴": the city fills the rates in.
        "subsidy_rates": {},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        # "实际数量原则上不高于既定培训计划的120%", and 附件1 gives one number per base: the 120 % caps the
        # base's total, whatever trades it trains.
        "enrolment_tolerance": 1.2,
        "places_counted": PlacesCount.BY_BASE.value,
        "certificate_issuer": "national",
        # Review chain: plans stamped by the county; registrations "县市区人社局审查并盖章后，提报市人社局复核
        # 备案": the city re-checks the county-stamped roster. No public notice of plans.
        "plan_county_review": True,
        "plan_public_notice": False,
        "notice_min_working_days": 5,
        "roster_city_recheck": True,
        # 四.1: "考核评定由市人社局统一组织，由市职业鉴定中心负责命题、考评…"; 六: "按照各基地列入培训计划
        # 且通过考核评定的人数".
        "assessor": "city",
        "results_city_approval": True,
        "pass_rule": "plan_appraised",
    },
    "taian-2021": {
        "city": "泰安市",
        "year": 2021,
        "kind": ProgramKind.PROJECT_BASED.value,
        "name": "2021年度泰安市项目制培训",
        "notice": "关于印发《泰安市职业技能提升行动质量年活动实施方案》的通知",
        # The notice date (泰人社字〔2021〕12号, 2021年4月20日).
        "reference_date": "2021-04-20",
        # SPEC §3 lists no deadline for 泰安 (the 5月10日 returns are county-to-city, not per programme).
        "deadlines": [],
        # Project-based training runs over the calendar year of the 2021 target ("2021年，开展补贴性职业
        # 技能培训6.7万人次以上"), starting with the notice.
        "training_start": "2021-04-20",
        "training_end": "2021-12-31",
        "rules": {
            "levels_offered": [],
            "catalog_rule": "",
            "routes": [],
        },
        **_NO_HOURS,
        # "线上培训原则上不超过培训总学时的 40%" (not restricted to theory).
        "online_share_max": 0.4,
        "online_theory_only": False,
        "class_size_max": None,
        "subsidy_rates": {},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "",
        # Review chain: project-based training; the notice names no plan review steps beyond the county's.
        "plan_county_review": True,
        "plan_public_notice": False,
        "notice_min_working_days": 5,
        "roster_city_recheck": False,
        # Project-based training: no assessment rules of its own.
        "assessor": "base",
        "results_city_approval": False,
        "pass_rule": "assessed",
    },
}


# --- Scheme filing and spot checks (issue 11 points 3, 8) -----------------------------------------------
# Who reviews the class's scheme: 临沂 "报所在地人社部门审核备案", 威海 "报各区市人力资源社会保障部门备案",
# 潍坊 "报所在县市区人社局审查": the county; 德州 "培训计划报市人力资源社会保障局备案同意": the city; 泰安
# names no filing path, so the county. Teacher qualifications are a base requirement in 威海 (一.3) and 潍坊
# (二.3). 潍坊 二.2 "严格按照开班备案信息开展培训，不得随意更改培训内容、更换培训教师、缩短培训课时": changes
# wait for the county's approval; 二.5 "每个班次抽查不少于一次". 泰安 (二) 交叉互查: "在每个县（市、区）随机抽
# 查至少不少于 3 个不同类型的培训班次" by staff of other counties (a class's type read as its occupation).
FILING_PRESETS: dict[str, dict[str, Any]] = {
    "linyi-2023": {"scheme_reviewer": "county"},
    "weihai-2019": {"scheme_reviewer": "county", "teacher_qualification_required": True},
    "dezhou-2021": {"scheme_reviewer": "city"},
    "weifang-2020": {
        "scheme_reviewer": "county",
        "teacher_qualification_required": True,
        "amendment_needs_approval": True,
        "spot_check_every_class": True,
    },
    "taian-2021": {"scheme_reviewer": "county", "cross_inspection_min_classes": 3},
}
for _code, _values in FILING_PRESETS.items():
    PRESETS[_code].update(_values)
# --- end of scheme filing and spot checks ---


def preset(code: str) -> dict[str, Any]:
    """A deep copy of one preset, safe to edit (a new city starts from a copy)."""
    try:
        return copy.deepcopy(PRESETS[code])
    except KeyError:
        raise KeyError(f"unknown preset {code!r}; known: {', '.join(PRESETS)}") from None


def rules_from_preset(code: str) -> Rules:
    """The eligibility ``Rules`` of one preset."""
    return Rules.from_dict(preset(code)["rules"])

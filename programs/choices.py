"""Vocabularies shared by programmes, the eligibility engine, rosters and reports.

Codes are stable (they are stored and appear in test expectations); labels are the Chinese the
notices use.
"""

from django.db import models


class ProgramKind(models.TextChoices):
    GOLDEN_BLUE_COLLAR = "golden_blue_collar", "金蓝领技师培训"
    YOUNG_TECHNICIAN = "young_technician", "青年技师素质提升计划"
    PROJECT_BASED = "project_based", "项目制培训"

    @property
    def brand(self) -> str:
        """The name the notices put before "培训计划" (潍坊 附件1: "青年技师素质提升 培训计划")."""
        return _PROGRAM_BRANDS[self.value]


_PROGRAM_BRANDS = {
    ProgramKind.GOLDEN_BLUE_COLLAR.value: "“金蓝领”",
    ProgramKind.YOUNG_TECHNICIAN.value: "青年技师素质提升",
    ProgramKind.PROJECT_BASED.value: "项目制",
}


class Level(models.IntegerChoices):
    """Skill levels; the number is the national grade (一级 is the highest)."""

    SENIOR_TECHNICIAN = 1, "高级技师"
    TECHNICIAN = 2, "技师"
    SENIOR_WORKER = 3, "高级工"
    INTERMEDIATE_WORKER = 4, "中级工"
    JUNIOR_WORKER = 5, "初级工"

    @property
    def grade(self) -> str:
        """The national grade (二级 for 技师), as the commitment letter's "____级" blank writes it."""
        return f"{'一二三四五'[self.value - 1]}级"

    @property
    def label_with_grade(self) -> str:
        """ "技师/二级": the level as 德州 附件1 prints it."""
        return f"{self.label}/{self.grade}"

    @classmethod
    def one_below(cls, level: int) -> "Level | None":
        """The level directly under ``level`` (技师 → 高级工), or None under 初级工."""
        return cls(level + 1) if level + 1 <= cls.JUNIOR_WORKER else None

    @classmethod
    def one_above(cls, level: int) -> "Level | None":
        """The level directly above ``level`` (高级工 → 技师), or None above 高级技师."""
        return cls(level - 1) if level - 1 >= cls.SENIOR_TECHNICIAN else None


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class EmployerType(models.TextChoices):
    """Where the applicant works, as declared. Only some are admitted (``ADMITTED_EMPLOYER_TYPES``);
    the others exist so that the clerk can record the truth and be told why it does not qualify."""

    ENTERPRISE = "enterprise", "企业"
    TECHNICAL_SCHOOL = "technical_school", "技工院校"
    VOCATIONAL_COLLEGE = "vocational_college", "职业院校"
    PUBLIC_INSTITUTION = "public_institution", "机关事业单位"
    INDIVIDUAL = "individual", "个体工商户"
    OTHER = "other", "其他"


# Every notice admits "各类企业在职职工、技工院校和职业院校专业教师（实习指导教师）" (SPEC §4, always
# checked); teachers are declared with their school's type.
ADMITTED_EMPLOYER_TYPES = frozenset(
    {
        EmployerType.ENTERPRISE.value,
        EmployerType.TECHNICAL_SCHOOL.value,
        EmployerType.VOCATIONAL_COLLEGE.value,
    }
)


class Education(models.IntegerChoices):
    """Ordered: a higher number is a higher education."""

    JUNIOR_HIGH = 1, "初中及以下"
    HIGH_SCHOOL = 2, "高中/中专/技校"
    JUNIOR_COLLEGE = 3, "大专"
    BACHELOR = 4, "本科"
    POSTGRADUATE = 5, "研究生"


class Title(models.TextChoices):
    NONE = "none", "无"
    ASSISTANT_ENGINEER = "assistant_engineer", "助理工程师"
    ENGINEER = "engineer", "工程师"
    SENIOR_ENGINEER = "senior_engineer", "高级工程师"


class Route(models.TextChoices):
    """Qualifying routes of SPEC §4, named by what they require; a programme enables a subset."""

    CERTIFICATE = "certificate", "持低一级证书满规定年限"
    YEARS = "years", "累计从事本职业（工种）年限"
    # Honour (市级以上技术能手 or notable invention): one level up from the certificate held, 初级工 or
    # no certificate counting as 中级工 (威海 2019 §二(二)).
    HONOUR_NEXT_LEVEL = "honour_next_level", "荣誉破格报考上一级"
    # Honour plus the certificate one level below, or (for 技师) enough years (德州 2021 §二(二)4).
    HONOUR_CERT_OR_YEARS = "honour_cert_or_years", "荣誉破格（持低一级证书或满规定年限）"
    TITLE_YEARS = "title_years", "工程师职称＋累计工作年限"
    TITLE_CERTIFICATE = "title_certificate", "职称＋低一级证书满规定年限"


# The routes the notices call 破格 (an exception to the ordinary conditions): applicants who use one must
# bring proof of the exception (德州 §二(三) "破格参加培训的，需提供具备破格条件的有关资料").
EXCEPTION_ROUTES = frozenset({Route.HONOUR_NEXT_LEVEL.value, Route.HONOUR_CERT_OR_YEARS.value})


class PlacesCount(models.TextChoices):
    """The granularity at which a plan's places are counted and capped (SPEC §3)."""

    # 临沂, 德州: 附件1 lists occupations and levels; each line's number is its own cap.
    BY_LINE = "line", "按职业（工种）及等级分别核定"
    # 潍坊: 附件1 gives one number per base; the tolerance caps the base's total, whatever it trains.
    BY_BASE = "base", "按基地合计核定（不分职业、等级）"


class MaterialKind(models.TextChoices):
    """The registration materials (报名材料) a trainee hands in; a policy says which it requires."""

    ID_COPY = "id_copy", "身份证复印件"
    CONTRACT = "contract", "劳动合同复印件"
    CERTIFICATE = "certificate", "证书复印件或工作年限承诺书"
    PHOTO = "photo", "照片"
    # 德州 §二(三): "本人对提交材料的真实性负法律性责任的说明等资料，破格参加培训的，需提供具备破格条件的
    # 有关资料".
    TRUTH_STATEMENT = "truth_statement", "本人对提交材料的真实性负法律性责任的说明"
    # Required only of an enrolment whose route is one of EXCEPTION_ROUTES.
    EXCEPTION_PROOF = "exception_proof", "破格条件的有关资料"


# What SPEC §6 lists for every trainee, the default of a new policy.
DEFAULT_MATERIALS = (
    MaterialKind.ID_COPY.value,
    MaterialKind.CONTRACT.value,
    MaterialKind.CERTIFICATE.value,
    MaterialKind.PHOTO.value,
)


def default_materials() -> list[str]:
    return list(DEFAULT_MATERIALS)


class CatalogRule(models.TextChoices):
    """Which occupations a programme accepts, against the national occupation catalogue."""

    IN_CATALOG = "in_catalog", "仅限国家职业资格目录内"
    OUT_NEEDS_RECOMMENDATION = "out_needs_recommendation", "目录内；目录外须用人单位推荐"
    ANY = "any", "不限"


class CertificateOccupationRule(models.TextChoices):
    """How the certificate route compares the certificate's occupation with the target one."""

    SAME = "same", "须为同一职业（工种）"
    SIMILAR = "similar", "同一或相近职业（工种）"
    ANY = "any", "不限职业（工种）"

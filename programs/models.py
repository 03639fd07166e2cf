from dataclasses import fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import Organisation

from .choices import (
    EXCEPTION_ROUTES,
    CatalogRule,
    CertificateOccupationRule,
    Education,
    Level,
    MaterialKind,
    PlacesCount,
    ProgramKind,
    Route,
    default_materials,
)
from .eligibility import Rules


class Occupation(models.Model):
    """An occupation (职业（工种）), inside or outside the national qualification catalogue."""

    name = models.CharField("职业（工种）", max_length=60, unique=True)
    in_catalog = models.BooleanField("国家职业资格目录内", default=True)
    family = models.CharField("职业类别", max_length=30, blank=True, help_text="用于判断“相近职业”")
    levels = models.JSONField("设有等级", default=list, blank=True, help_text="1=高级技师 … 5=初级工")

    class Meta:
        verbose_name = "职业（工种）"
        verbose_name_plural = "职业（工种）"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramQuerySet(models.QuerySet):
    def running(self) -> "ProgramQuerySet":
        """THE definition of a running programme (进行中): open for plans or in training. Drafts are
        not running yet, closed ones no longer."""
        return self.filter(status__in=Program.RUNNING)


class Program(models.Model):
    """One city's programme for one year, of one kind; its rules are its current PolicyVersion."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        OPEN = "open", "计划申报中"
        TRAINING = "training", "培训实施中"
        CLOSED = "closed", "已结束"

    STATUS_BADGES = {Status.DRAFT: "", Status.OPEN: "blue", Status.TRAINING: "gold", Status.CLOSED: "green"}
    RUNNING = (Status.OPEN, Status.TRAINING)

    city = models.ForeignKey(
        Organisation,
        verbose_name="所属市",
        on_delete=models.PROTECT,
        related_name="programs",
        limit_choices_to={"kind": Organisation.Kind.CITY},
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField("项目类型", max_length=30, choices=ProgramKind.choices)
    code = models.SlugField("项目代码", max_length=40, unique=True, help_text="如 linyi-2023，创建后不可修改")
    name = models.CharField("项目名称", max_length=120)
    notice = models.CharField("依据文件", max_length=200, blank=True)
    reference_date = models.DateField(
        "资格审核基准日", null=True, blank=True, help_text="留空则以报名登记当日为基准日"
    )
    training_start = models.DateField("培训开始日期", null=True, blank=True)
    training_end = models.DateField("培训结束日期", null=True, blank=True)
    occupations = models.ManyToManyField(
        Occupation, verbose_name="开设职业（工种）", blank=True, help_text="留空则按目录规则不限工种"
    )
    # The appraisal route per occupation, per programme (issue 12.3): these occupations lead to a national
    # certificate (职业资格 / 职业技能等级, the statistics' 目录内); the others to the "金蓝领" training
    # certificate. Empty means "as the catalogue says" (Occupation.in_catalog).
    national_occupations = models.ManyToManyField(
        Occupation,
        verbose_name="鉴定取得国家证书的职业（工种）",
        blank=True,
        related_name="+",
        help_text="所选职业（工种）经鉴定颁发国家职业资格（技能等级）证书，其余颁发“金蓝领”培训合格证书；留空则按国家职业资格目录",
    )

    class PlanTableLayout(models.TextChoices):
        """What the programme's plan table draws: every base's lines by level and occupation with
        subtotals (as 德州 附件1), or one number per base (as 潍坊 附件1)."""

        BY_LEVEL_OCCUPATION = "by_level_occupation", "按职业等级明细"
        BASE_LIST = "base_list", "按基地汇总"

    plan_table_layout = models.CharField(
        "培训计划汇总表样式",
        max_length=30,
        choices=PlanTableLayout.choices,
        default=PlanTableLayout.BY_LEVEL_OCCUPATION,
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    policy = models.ForeignKey(
        "PolicyVersion",
        verbose_name="现行政策版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = "培训项目"
        verbose_name_plural = "培训项目"
        ordering = ["-year", "city__code", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def training_name(self) -> str:
        """The programme as the subject of a title, ending in one "培训": "…技师（高级技师）培训" + "计划表",
        never "…培训培训计划表" (a trailing "项目" is dropped: "…技师培训项目" → "…技师培训")."""
        name = self.name.strip().removesuffix("项目").removesuffix("培训")
        return f"{name}培训"

    def clean(self) -> None:
        if self.training_start and self.training_end and self.training_start > self.training_end:
            raise ValidationError({"training_end": "培训结束日期不能早于开始日期。"})


class Deadline(models.Model):
    """A dated obligation of a programme (plans due, training finished, statistics due)."""

    class Audience(models.TextChoices):
        ALL = "all", "全部"
        CITY = "city", "市人社局"
        COUNTY = "county", "县区人社局"
        BASE = "base", "培训基地"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="deadlines")
    label = models.CharField("事项", max_length=60)
    due = models.DateField("截止日期")
    audience = models.CharField("责任方", max_length=10, choices=Audience.choices, default=Audience.ALL)

    class Meta:
        verbose_name = "时间节点"
        verbose_name_plural = "时间节点"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.label}（{self.due:%Y-%m-%d}）"


ratio_validators = [MinValueValidator(0), MaxValueValidator(1)]

# The eligibility rules' defaults are written once, in ``Rules``; the fields below read them from there.
RULE_DEFAULTS = Rules()


class PolicyVersion(models.Model):
    """The rules of a programme as data. Once a decision has been made under a version it is frozen:
    a change creates the next version, and every decision keeps the version it was made under."""

    class Issuer(models.TextChoices):
        NONE = "", "不发放"
        BASE = "base", "培训基地"
        CITY = "city", "市人社局"
        NATIONAL = "national", "国家职业资格证书（鉴定机构）"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="policy_versions")
    number = models.PositiveSmallIntegerField("版本号")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_note = models.CharField("修改说明", max_length=200, blank=True)
    frozen_at = models.DateTimeField(
        "启用时间", null=True, blank=True, help_text="首次据此作出资格审核的时间"
    )

    # Eligibility (SPEC §4): a blank rule is not checked.
    levels_offered = models.JSONField("开设等级", default=list, blank=True)
    age_min = models.PositiveSmallIntegerField("最低年龄（周岁）", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("最高年龄（周岁）", null=True, blank=True)
    education_min = models.PositiveSmallIntegerField(
        "最低文化程度", choices=Education.choices, null=True, blank=True
    )
    social_insurance_required = models.BooleanField("须参加职工社会保险", default=False)
    no_parallel_training = models.BooleanField("不得同期参加其他补贴性培训或竞赛", default=False)
    catalog_rule = models.CharField("职业目录规则", max_length=30, choices=CatalogRule.choices, blank=True)
    routes = models.JSONField("报名途径", default=list, blank=True)
    certificate_years = models.PositiveSmallIntegerField(
        "持低一级证书年限", default=RULE_DEFAULTS.certificate_years
    )
    certificate_occupation_rule = models.CharField(
        "证书职业要求",
        max_length=10,
        choices=CertificateOccupationRule.choices,
        default=RULE_DEFAULTS.certificate_occupation_rule,
    )
    years_senior_worker = models.PositiveSmallIntegerField(
        "高级工：累计工作年限", default=RULE_DEFAULTS.years_senior_worker
    )
    years_technician = models.PositiveSmallIntegerField(
        "技师：累计工作年限", default=RULE_DEFAULTS.years_technician
    )
    years_senior_technician = models.PositiveSmallIntegerField(
        "高级技师：累计工作年限", default=RULE_DEFAULTS.years_senior_technician
    )
    honour_years_technician = models.PositiveSmallIntegerField(
        "荣誉破格报考技师：累计工作年限", default=RULE_DEFAULTS.honour_years_technician
    )
    title_certificate_years = models.PositiveSmallIntegerField(
        "职称＋证书途径：证书年限", default=RULE_DEFAULTS.title_certificate_years
    )

    # Training delivery (SPEC §7).
    hours_total = models.PositiveSmallIntegerField("总课时下限", null=True, blank=True)
    hours_ideology = models.PositiveSmallIntegerField("思政课时下限", null=True, blank=True)
    hours_theory = models.PositiveSmallIntegerField("理论课时下限", null=True, blank=True)
    hours_practice = models.PositiveSmallIntegerField("实操课时下限", null=True, blank=True)
    online_share_max = models.DecimalField(
        "线上课时占比上限", max_digits=3, decimal_places=2, null=True, blank=True, validators=ratio_validators
    )
    online_theory_only = models.BooleanField("线上仅限理论课", default=False)
    class_size_max = models.PositiveSmallIntegerField("每班人数上限", null=True, blank=True)

    # Money (SPEC §9).
    subsidy_senior_worker = models.DecimalField(
        "高级工补贴（元/人）",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    subsidy_technician = models.DecimalField(
        "技师补贴（元/人）",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    subsidy_senior_technician = models.DecimalField(
        "高级技师补贴（元/人）",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    subsidy_rate_is_cap = models.BooleanField("补贴标准为上限", default=False)
    advance_ratio = models.DecimalField(
        "预拨比例上限", max_digits=3, decimal_places=2, null=True, blank=True, validators=ratio_validators
    )
    enrolment_tolerance = models.DecimalField(
        "招生人数上限（占计划比例）",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="如 1.20 表示不超过计划数的 120%",
    )
    places_counted = models.CharField(
        "计划名额核定方式",
        max_length=10,
        choices=PlacesCount.choices,
        default=PlacesCount.BY_LINE,
        help_text="按基地合计时，招生上限对基地总人数适用，不分职业（工种）和等级",
    )
    certificate_issuer = models.CharField(
        "培训合格证书发放", max_length=10, choices=Issuer.choices, blank=True, default=Issuer.NONE
    )

    # --- Review chain (SPEC §3 "who reviews what is also policy"; issue 10.7, 9.8) ---------------------
    # Which steps of the plan and roster workflows this programme takes (bases/workflows.py,
    # trainees/workflows.py switch their steps on these). Kept apart from the eligibility rules.
    plan_county_review = models.BooleanField(
        "计划须经县区审核盖章", default=True, help_text="不勾选：基地直接报市人社局备案同意（如德州）"
    )
    plan_public_notice = models.BooleanField(
        "审批通过后须公示", default=True, help_text="不勾选：市级审批通过即确定为实施单位"
    )
    notice_min_working_days = models.PositiveSmallIntegerField(
        "公示期最少工作日", default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    roster_city_recheck = models.BooleanField(
        "花名册县区盖章后报市人社局复核",
        default=False,
        help_text="如潍坊：县市区审查盖章后提报市人社局复核备案",
    )
    REVIEW_CHAIN_FIELDS = (
        "plan_county_review",
        "plan_public_notice",
        "notice_min_working_days",
        "roster_city_recheck",
    )

    # --- end of the review chain ---------------------------------------------------------------------

    # --- Assessment (SPEC §8, issue 12.2): who assesses, whether the city approves, who counts as passed --
    class Assessor(models.TextChoices):
        BASE = "base", "培训基地自主评价（或委托第三方评价机构）"
        CITY = "city", "市级职业技能鉴定机构统一考核鉴定"
        BASE_WITH_EMPLOYER = "base_employer", "培训基地会同学员所在单位考评（考评方案经市人社局同意）"

    class PassRule(models.TextChoices):
        ASSESSED = "assessed", "结业考核合格"
        LEVEL_OBTAINED = "level", "取得职业技能等级"
        IN_PLAN_APPRAISED = "plan_appraised", "列入培训计划且考核评定合格"

    assessor = models.CharField(
        "考核评价组织方", max_length=20, choices=Assessor.choices, default=Assessor.BASE
    )
    results_city_approval = models.BooleanField(
        "考核结果须经市人社局审定", default=True, help_text="不勾选：组织方提交即为最终结果"
    )
    pass_rule = models.CharField(
        "考核合格的认定",
        max_length=20,
        choices=PassRule.choices,
        default=PassRule.ASSESSED,
        help_text="证书、补贴和统计按此认定合格人数",
    )
    ASSESSMENT_FIELDS = ("assessor", "results_city_approval", "pass_rule")

    # --- Certificates (SPEC §8, issue 12.4): who issues is ``certificate_issuer`` above; 德州 四(四) has the
    # city publish the list of those who passed (发文公布) before the training certificates are issued.
    certificate_list_first = models.BooleanField(
        "发证前须由市人社局发文公布考评合格名单",
        default=False,
        help_text="如德州：经培训考评合格的学员，由市人社局发文公布后颁发培训合格证书",
    )
    # 德州 四(四): the occupations that lead to a national certificate (Program.national_occupations) get
    # that one instead of the training certificate; 临沂 gives every trainee who passed the training one.
    certificate_national_excluded = models.BooleanField(
        "取得国家证书的职业不发培训合格证书",
        default=False,
        help_text="如德州：焊工鉴定合格颁发国家职业资格证书，其余职业颁发“金蓝领”培训合格证书",
    )
    CERTIFICATE_FIELDS = ("certificate_list_first", "certificate_national_excluded")
    # --- end of certificates ---

    # Registration (SPEC §6).
    materials_required = models.JSONField(
        "须提交的报名材料",
        default=default_materials,
        blank=True,
        help_text="“破格条件的有关资料”仅对经荣誉破格途径报名的学员要求",
    )

    # --- Scheme filing and spot checks (issue 11 points 3, 8): who reviews the class's scheme, teacher
    # qualifications, changes after filing, spot-check coverage ----------------------------------------
    class SchemeReviewer(models.TextChoices):
        COUNTY = "county", "基地所在县（市、区）人社局"
        CITY = "city", "市人社局"

    scheme_reviewer = models.CharField(
        "开班备案审核部门",
        max_length=10,
        choices=SchemeReviewer.choices,
        default=SchemeReviewer.COUNTY,
        help_text="市直基地（不属任何县区）一律报市人社局",
    )
    teacher_qualification_required = models.BooleanField(
        "授课教师须具备相应资格",
        default=False,
        help_text="理论课教师须具有高级专业技术职务，实操课教师须具有高级实习指导教师或高级技师资格",
    )
    amendment_needs_approval = models.BooleanField(
        "备案后变更须经审核部门批准",
        default=False,
        help_text="如潍坊：不得随意更改培训内容、更换培训教师、缩短培训课时",
    )
    spot_check_every_class = models.BooleanField("每个班次至少抽查一次", default=False)
    cross_inspection_min_classes = models.PositiveSmallIntegerField(
        "交叉互查：每县区至少抽查不同类型班次数",
        null=True,
        blank=True,
        help_text="如泰安：由其他县区人员抽查，每县区不少于 3 个不同类型（职业）的班次；留空则不要求",
    )
    FILING_FIELDS = (
        "scheme_reviewer",
        "teacher_qualification_required",
        "amendment_needs_approval",
        "spot_check_every_class",
        "cross_inspection_min_classes",
    )
    # --- end of scheme filing and spot checks ---

    # The fields that make up the eligibility Rules (the same names, in the same order), and the ones a copy
    # carries over.
    RULE_FIELDS = tuple(f.name for f in fields(Rules))
    OTHER_FIELDS = (
        "hours_total",
        "hours_ideology",
        "hours_theory",
        "hours_practice",
        "online_share_max",
        "online_theory_only",
        "class_size_max",
        "subsidy_senior_worker",
        "subsidy_technician",
        "subsidy_senior_technician",
        "subsidy_rate_is_cap",
        "advance_ratio",
        "enrolment_tolerance",
        "places_counted",
        "certificate_issuer",
        "materials_required",
    )
    POLICY_FIELDS = (
        RULE_FIELDS
        + OTHER_FIELDS
        + REVIEW_CHAIN_FIELDS
        + ASSESSMENT_FIELDS
        + FILING_FIELDS
        + CERTIFICATE_FIELDS
    )
    # The one mapping of a level to the field holding its subsidy rate.
    SUBSIDY_RATE_FIELDS = {
        Level.SENIOR_WORKER: "subsidy_senior_worker",
        Level.TECHNICIAN: "subsidy_technician",
        Level.SENIOR_TECHNICIAN: "subsidy_senior_technician",
    }

    class Meta:
        verbose_name = "政策版本"
        verbose_name_plural = "政策版本"
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="policy_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.program} 第{self.number}版"

    def clean(self) -> None:
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "最高年龄不能小于最低年龄。"
        parts = {
            "hours_ideology": self.hours_ideology,
            "hours_theory": self.hours_theory,
            "hours_practice": self.hours_practice,
        }
        if self.hours_total is not None:
            for name, value in parts.items():
                if value is not None and value > self.hours_total:
                    errors[name] = "分类课时下限不能超过总课时下限。"
            if sum(v for v in parts.values() if v is not None) > self.hours_total and not errors:
                errors["hours_total"] = "各类课时下限之和不能超过总课时下限。"
        if set(self.levels_offered) - set(Level.values):
            errors["levels_offered"] = "开设等级无效。"
        if set(self.materials_required or []) - set(MaterialKind.values):
            errors["materials_required"] = "报名材料类型无效。"
        try:
            self.rules()
        except ValueError:
            errors.setdefault("routes", "报名途径或职业规则无效。")
        if errors:
            raise ValidationError(errors)

    def rules(self) -> Rules:
        return Rules(**{name: getattr(self, name) for name in self.RULE_FIELDS})

    def subsidy_rate(self, level: int):
        """The rate per person passed at ``level`` (None when the policy sets none)."""
        field = self.SUBSIDY_RATE_FIELDS.get(level)
        return getattr(self, field) if field else None

    def materials_required_for(self, route: str) -> list[str]:
        """The material kinds an enrolment under ``route`` must hand in, in MaterialKind order: the
        proof of the exception only where the route is an exception (破格) route."""
        wanted = set(self.materials_required or [])
        if route not in EXCEPTION_ROUTES:
            wanted.discard(MaterialKind.EXCEPTION_PROOF)
        return [kind for kind in MaterialKind.values if kind in wanted]

    @property
    def places_by_base(self) -> bool:
        return self.places_counted == PlacesCount.BY_BASE

    def level_labels(self) -> list[str]:
        return [Level(level).label for level in sorted(self.levels_offered)]

    def material_labels(self) -> list[str]:
        return [
            MaterialKind(kind).label
            for kind in MaterialKind.values
            if kind in (self.materials_required or [])
        ]

    def route_labels(self) -> list[str]:
        return [Route(route).label for route in self.routes]

    def policy_values(self) -> dict:
        return {name: getattr(self, name) for name in self.POLICY_FIELDS}

    # --- review chain (see the fields above) ---
    def review_chain_label(self) -> str:
        """The plan's path through review, as the policy sets it (shown with the policy)."""
        steps = ["基地盖章申报"]
        if self.plan_county_review:
            steps.append("县区审核盖章")
        steps.append("市级审批" if self.plan_public_notice else "市人社局备案同意")
        if self.plan_public_notice:
            steps.append(f"公示（不少于{self.notice_min_working_days}个工作日）")
        steps.append("确定实施单位")
        roster = "花名册报县区备案" + ("，县区盖章后报市人社局复核" if self.roster_city_recheck else "")
        return " → ".join(steps) + "；" + roster

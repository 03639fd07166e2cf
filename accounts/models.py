from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Organisation(models.Model):
    """A node of the province → city → county → base tree; every user belongs to exactly one."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "省人社厅"
        CITY = "city", "市人社局"
        COUNTY = "county", "县区人社局"
        BASE = "base", "培训基地"

    # Which kind of parent each kind hangs under.
    PARENT_KIND = {Kind.CITY: Kind.PROVINCE, Kind.COUNTY: Kind.CITY, Kind.BASE: Kind.COUNTY}

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    code = models.CharField("代码", max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The city and county above (or equal to) this node, kept so that scoping is one indexed equality.
    city = models.ForeignKey(
        "self", verbose_name="所属市", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "self", verbose_name="所属县区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bureau_name = models.CharField(
        "机构全称", max_length=100, blank=True, help_text="如“临沂市人力资源和社会保障局”，用于公章与文书"
    )
    seal = models.ImageField("电子公章", upload_to="seals/", blank=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "city"]), models.Index(fields=["kind", "county"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self._derive_ancestors()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        expected = self.PARENT_KIND.get(self.kind)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": "省级机构没有上级。"})
        if expected is not None and (self.parent is None or self.parent.kind != expected):
            raise ValidationError({"parent": f"{self.get_kind_display()}的上级必须是{expected.label}。"})

    def _derive_ancestors(self) -> None:
        parent = self.parent
        if self.kind == self.Kind.CITY:
            self.city, self.county = None, None
        elif self.kind == self.Kind.COUNTY:
            self.city, self.county = parent, None
        elif self.kind == self.Kind.BASE:
            self.city, self.county = (parent.city if parent else None), parent
        else:
            self.city = self.county = None

    @property
    def city_node(self) -> "Organisation | None":
        """The city this node belongs to (itself for a city)."""
        return self if self.kind == self.Kind.CITY else self.city

    @property
    def display_name(self) -> str:
        return self.bureau_name or self.name


class User(AbstractUser):
    """A portal user; the role is the kind of the organisation they belong to."""

    # A user's role IS the kind of their organisation: one vocabulary, defined on Organisation.
    Role = Organisation.Kind

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def role(self) -> str | None:
        return self.organisation.kind if self.organisation_id else None

    @property
    def role_label(self) -> str:
        return self.organisation.get_kind_display() if self.organisation_id else "未分配机构"

    @property
    def display_name(self) -> str:
        return f"{self.last_name}{self.first_name}" or self.username

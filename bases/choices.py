from django.db import models


class BaseKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    TECHNICAL_SCHOOL = "technical_school", "技工院校"
    COLLEGE = "college", "职业院校（高校）"


class SanctionKind(models.TextChoices):
    CRITICISM = "criticism", "通报批评"
    RECTIFY = "rectify", "限期整改"
    CLAWBACK = "clawback", "追缴补贴"
    DISQUALIFY = "disqualify", "取消资格"
